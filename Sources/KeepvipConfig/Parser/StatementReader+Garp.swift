/// Gratuitous ARP / unsolicited NA settings, shared by global_defs (`vrrp_garp_*`) and instances
/// (`garp_*`). Limits from keepalived's vrrp_parser.c / global_parser.c: the lower-priority delay in whole
/// seconds up to UINT_MAX / TIMER_HZ (4294), the refresh period in whole seconds up to UINT_MAX, repeats
/// unsigned; `garp_master_delay`/`_repeat` keep keepvip's earlier limits (0-255 s, 1-255).
extension StatementReader {
    static let maximumGarpSeconds = 4294

    mutating func garpMasterDelay(_ node: SyntaxNode) -> Duration? {
        guard let value = singleValue(node, example: "5") else { return nil }
        return seconds(value, keyword: node.name, upTo: 255)
    }

    mutating func garpMasterRepeat(_ node: SyntaxNode) -> Int? {
        guard let value = singleValue(node, example: "5") else { return nil }
        return integer(value, keyword: node.name, in: 1...255)
    }

    /// `*_lower_prio_delay`: whole seconds 0-4294.
    mutating func garpWholeSeconds(_ node: SyntaxNode) -> Duration? {
        guard let value = singleValue(node, example: "10"),
              let number = integer(value, keyword: node.name, in: 0...Self.maximumGarpSeconds) else { return nil }
        return .seconds(number)
    }

    /// `*_master_refresh`: whole seconds 0 (no refresh) to 4294967295.
    mutating func garpRefresh(_ node: SyntaxNode) -> Duration? {
        guard let value = singleValue(node, example: "60"),
              let number = integer(value, keyword: node.name, in: 0...Int(UInt32.max)) else { return nil }
        return .seconds(number)
    }

    /// `*_lower_prio_repeat`: 0 (none) or more.
    mutating func garpCount(_ node: SyntaxNode) -> Int? {
        guard let value = singleValue(node, example: "1") else { return nil }
        return integer(value, keyword: node.name, in: 0...Int(Int32.max))
    }

    /// `*_refresh_repeat`: 0 is raised to 1 with a warning, as keepalived does.
    mutating func garpRefreshRepeat(_ node: SyntaxNode) -> Int? {
        guard let number = garpCount(node) else { return nil }
        if number == 0 {
            diagnostics.warning(
                "\(node.name) 0 is raised to 1 (as keepalived does); write '\(node.name) 1'", at: node.arguments[0].location)
            return 1
        }
        return number
    }

    /// `vrrp_garp_interval` / `vrrp_gna_interval`: seconds with microsecond resolution, 0-4294.
    mutating func garpInterval(_ node: SyntaxNode) -> Duration? {
        guard let value = singleValue(node, example: "0.001") else { return nil }
        return seconds(value, keyword: node.name, upTo: Int64(Self.maximumGarpSeconds))
    }
}
