extension StatementReader {
    /// `track_file NAME { file PATH  weight N [reverse]  init_file [VALUE] [overwrite] }`; also spelled
    /// `vrrp_track_file` (keepalived.conf(5), "Track files"). `nil` when there is no `file` (keepalived
    /// drops such a block).
    mutating func readTrackFile(_ node: SyntaxNode) -> TrackFile? {
        guard let children = block(node), let name = blockName(node, example: "\(node.name) maintenance {") else {
            return nil
        }
        var path: String?
        var weight = 1
        var isReversed = false
        var initialization: TrackFile.Initialization?
        for child in children {
            switch child.name {
            case "file":
                if let value = singleValue(child, example: "/var/run/keepalived/offset") { path = value.text }
            case "weight":
                guard let value = singleValueWithOptions(child, example: "10"),
                      let number = integer(value, keyword: "track_file weight", in: TrackFile.weightRange) else { continue }
                weight = number
                isReversed = reverseOption(child, allowed: ["reverse"]) ?? false
            case "init_file":
                initialization = readInitFile(child)
            default:
                skip(child)
            }
        }
        guard let path else {
            diagnostics.warning(
                "\(node.name) '\(name)' has no 'file' and is ignored (as keepalived does); add e.g. "
                    + "'file \"/var/run/keepalived/\(name)\"'",
                at: node.location)
            return nil
        }
        return TrackFile(
            name: name, location: node.location, path: path, weight: weight, isReversed: isReversed,
            initialization: initialization)
    }

    /// `init_file [VALUE] [overwrite]`.
    private mutating func readInitFile(_ node: SyntaxNode) -> TrackFile.Initialization? {
        rejectBlock(node)
        var initialization = TrackFile.Initialization()
        var words = node.arguments[...]
        if let first = words.first, first.text != "overwrite" {
            guard let value = integer(first, keyword: "init_file", in: Int(Int32.min)...Int(Int32.max)) else { return nil }
            initialization.value = value
            words = words.dropFirst()
        }
        if let option = words.first {
            guard option.text == "overwrite" else {
                diagnostics.warning(
                    "unknown init_file option '\(option.text)' is ignored; write 'init_file [VALUE] [overwrite]'",
                    at: option.location)
                return initialization
            }
            initialization.overwritesExisting = true
            if words.count > 1 {
                let extra = words.dropFirst().map(\.text).joined(separator: " ")
                diagnostics.warning("extra text '\(extra)' after 'init_file' is ignored; remove it", at: words[words.startIndex + 1].location)
            }
        }
        return initialization
    }
}
