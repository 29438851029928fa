extension StatementReader {
    /// Which kind of `track_*` block an entry is in; decides the weight range and wording.
    enum TrackKind {
        case interface, script, file

        var keyword: String {
            switch self {
            case .interface: "track_interface"
            case .script: "track_script"
            case .file: "track_file"
            }
        }
    }

    /// One parsed `NAME [weight N [reverse|noreverse]]` line.
    struct TrackEntry {
        var name: String
        var location: SourceLocation
        var weight: Int?
        var isReversed: Bool?
    }

    /// `notify_*` inside an instance or a sync group (`instanceOnly`: those keepalived takes in
    /// instances only); false when `node` is not one of them.
    mutating func readNotify(_ node: SyntaxNode, into notify: inout NotifyScripts, allowsLowerPriority instanceOnly: Bool) -> Bool {
        let path: WritableKeyPath<NotifyScripts, ScriptCommand?>
        switch node.name {
        case "notify_deleted" where instanceOnly:
            // keepalived.conf(5): an instance a reload deletes notifies DELETED instead of FAULT; the
            // command is optional.
            notify.notifiesDeletion = true
            guard !node.arguments.isEmpty else {
                rejectBlock(node)
                return true
            }
            path = \.deleted
        case "notify_master": path = \.master
        case "notify_backup": path = \.backup
        case "notify_fault": path = \.fault
        case "notify_stop": path = \.stop
        case "notify": path = \.generic
        case "notify_master_rx_lower_pri" where instanceOnly: path = \.masterReceivedLowerPriority
        default: return false
        }
        if let command = scriptCommand(node, takesUser: true) {
            if let earlier = notify[keyPath: path] {
                diagnostics.warning(
                    "'\(node.name)' is given again (first at \(earlier.location)); this later command wins, remove one of them",
                    at: node.location)
            }
            notify[keyPath: path] = command
        }
        return true
    }

    /// The entries of a `track_interface` / `track_script` / `track_file` block. Malformed options are
    /// warnings that drop the entry, as in keepalived (vrrp_track.c); a weight out of range is an error.
    mutating func readTrackBlock(_ node: SyntaxNode, kind: TrackKind) -> [TrackEntry] {
        guard let children = block(node) else { return [] }
        var entries: [TrackEntry] = []
        for child in children {
            rejectBlock(child)
            guard let entry = trackEntry(child, kind: kind) else { continue }
            if let first = entries.first(where: { $0.name == entry.name }) {
                diagnostics.warning(
                    "'\(entry.name)' is already tracked in this \(kind.keyword) block (at \(first.location)); this line is "
                        + "ignored (as keepalived does), remove it",
                    at: entry.location)
                continue
            }
            entries.append(entry)
        }
        return entries
    }

    private mutating func trackEntry(_ node: SyntaxNode, kind: TrackKind) -> TrackEntry? {
        var entry = TrackEntry(name: node.name, location: node.location)
        if kind == .interface, interfaceName(node.keyword, keyword: kind.keyword) == nil { return nil }
        let words = node.arguments
        guard let option = words.first else { return entry }
        guard option.text == "weight" else {
            diagnostics.warning(
                "unknown option '\(option.text)' for '\(node.name)' in \(kind.keyword); keepalived ignores this line "
                    + "and so does keepvip; write '\(node.name)' or '\(node.name) weight -10'",
                at: option.location)
            return nil
        }
        guard words.count >= 2 else {
            diagnostics.error(
                "'weight' needs a value in \(kind.keyword); write e.g. '\(node.name) weight -10'", at: option.location)
            return nil
        }
        guard var weight = integer(words[1], keyword: "\(kind.keyword) weight", in: -254...254) else { return nil }
        if abs(weight) == 254, kind != .file {
            weight = weight < 0 ? -253 : 253
            diagnostics.warning(
                "\(kind.keyword) weight \(words[1].text) is lowered to \(weight) (as keepalived does); write \(weight)",
                at: words[1].location)
        }
        entry.weight = weight
        if words.count >= 3 {
            switch words[2].text {
            case "reverse": entry.isReversed = true
            case "noreverse" where kind != .interface: entry.isReversed = false
            default:
                diagnostics.warning(
                    "unknown weight option '\(words[2].text)' in \(kind.keyword) is ignored; write 'reverse'"
                        + (kind == .interface ? "" : " or 'noreverse'"),
                    at: words[2].location)
            }
        }
        if words.count >= 4 { warnExtraArguments(node, after: 3) }
        return entry
    }
}
