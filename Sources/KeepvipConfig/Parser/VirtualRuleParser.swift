import VRRPCore

extension StatementReader {
    /// `ip rule` selectors keepalived accepts that keepvip does not apply, with whether they take a value.
    private static let ignoredRuleOptions: [String: Bool] = [
        "tos": true, "dsfield": true, "realms": true, "uidrange": true, "suppress_prefixlength": true,
        "suppress_ifgroup": true, "ipproto": true, "sport": true, "dport": true, "goto": true, "protocol": true,
        "l3mdev": false, "no_track": false,
    ]

    private static let ruleActions: [String: VirtualRule.Action] = [
        "blackhole": .blackhole, "unreachable": .unreachable, "prohibit": .prohibit,
    ]

    /// One line of `virtual_rules` (see `VirtualRule`). A rule that uses `not` is skipped with a
    /// warning: installing it without the inversion would route the opposite traffic.
    mutating func virtualRule(_ node: SyntaxNode) -> VirtualRule? {
        rejectBlock(node)
        let words = [node.keyword] + node.arguments
        var sourceToken: Token?
        var destinationToken: Token?
        var action = VirtualRule.Action.lookup
        var table: UInt32?
        var priority: UInt32?
        var inputInterface: String?
        var outputInterface: String?
        var mark: (value: UInt32, mask: UInt32?)?
        var valid = true
        var index = 0
        while index < words.count {
            let word = words[index]
            func value() -> Token? {
                guard index + 1 < words.count else {
                    diagnostics.error("'\(word.text)' needs a value in a rule; e.g. '\(word.text) \(Self.ruleExample(for: word.text))'",
                                      at: word.location)
                    valid = false
                    return nil
                }
                index += 1
                return words[index]
            }
            switch word.text {
            case "from":
                sourceToken = value()
            case "to":
                destinationToken = value()
            case "table", "lookup":
                guard let token = value() else { break }
                if let number = tableNumber(token) { table = number } else { valid = false }
            case "priority", "preference", "prio", "pref":
                guard let token = value() else { break }
                if let number = integer(token, keyword: word.text, in: 0...Int(UInt32.max)) { priority = UInt32(number) } else { valid = false }
            case "iif", "oif":
                guard let token = value() else { break }
                if let name = interfaceName(token, keyword: word.text) {
                    if word.text == "iif" { inputInterface = name } else { outputInterface = name }
                } else {
                    valid = false
                }
            case "fwmark":
                guard let token = value() else { break }
                if let parsed = firewallMark(token) { mark = parsed } else { valid = false }
            case "not":
                diagnostics.warning("'not' (an inverted rule) is not implemented yet; this rule is skipped", at: word.location)
                return nil
            default:
                if let ruleAction = Self.ruleActions[word.text] {
                    action = ruleAction
                } else if let takesValue = Self.ignoredRuleOptions[word.text] {
                    diagnostics.warning("rule option '\(word.text)' is not implemented yet and is ignored", at: word.location)
                    if takesValue { _ = value() }
                } else {
                    diagnostics.error(
                        "unknown rule option '\(word.text)'; use [from PREFIX] [to PREFIX] [table N] [priority N] "
                            + "[iif IF] [oif IF] [fwmark N[/MASK]] [blackhole|unreachable|prohibit]",
                        at: word.location)
                    return nil
                }
            }
            index += 1
        }
        guard valid else { return nil }
        var prefixes: [(token: Token, prefix: VirtualRule.Prefix)] = []
        var source: VirtualRule.Prefix?
        var destination: VirtualRule.Prefix?
        for (token, isSource) in [(sourceToken, true), (destinationToken, false)] {
            guard let token, token.text != "all" else { continue }
            guard let (address, length) = addressWithPrefix(token, keyword: isSource ? "from" : "to") else { return nil }
            let prefix = VirtualRule.Prefix(address: address, length: length ?? address.family.maximumPrefixLength)
            prefixes.append((token, prefix))
            if isSource { source = prefix } else { destination = prefix }
        }
        let family = prefixes.first?.prefix.address.family ?? .ipv4
        if let mixed = prefixes.first(where: { $0.prefix.address.family != family }) {
            diagnostics.error(
                "'\(mixed.token.text)' is \(mixed.prefix.address.family) but the rule's other prefix is \(family); use one family in a rule",
                at: mixed.token.location)
            return nil
        }
        return VirtualRule(
            family: family, source: source, destination: destination, action: action, table: table, priority: priority,
            inputInterface: inputInterface, outputInterface: outputInterface, firewallMark: mark?.value,
            firewallMask: mark?.mask, location: node.location)
    }

    /// `N[/MASK]`, each decimal or `0x` hexadecimal.
    private mutating func firewallMark(_ token: Token) -> (value: UInt32, mask: UInt32?)? {
        func number(_ text: Substring) -> UInt32? {
            if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt32(text.dropFirst(2), radix: 16) }
            return UInt32(text)
        }
        let parts = token.text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let value = number(parts[0]), parts.count == 1 || number(parts[1]) != nil else {
            diagnostics.error("fwmark '\(token.text)' is not a mark; write e.g. 'fwmark 7' or 'fwmark 0x7/0xff'", at: token.location)
            return nil
        }
        return (value, parts.count == 2 ? number(parts[1]) : nil)
    }

    private static func ruleExample(for option: String) -> String {
        switch option {
        case "from": "192.0.2.200"
        case "to": "198.51.100.0/24"
        case "table", "lookup": "100"
        case "iif", "oif": "eth0"
        case "fwmark": "7"
        default: "10"
        }
    }
}
