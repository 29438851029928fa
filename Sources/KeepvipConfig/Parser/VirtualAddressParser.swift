import VRRPCore

extension StatementReader {
    /// Options keepalived accepts on a virtual address that keepvip does not apply yet, with whether they take a value.
    private static let unimplementedAddressOptions: [String: Bool] = [
        "peer": true, "preferred_lft": true, "track_group": true,
        "home": false, "-nodad": false, "nodad": false, "mngtmpaddr": false, "noprefixroute": false,
        "autojoin": false, "no_track": false, "use_vmac": false,
    ]

    /// One line of `virtual_ipaddress` or `virtual_ipaddress_excluded` (`keyword`):
    /// `ADDR[/LEN] [brd X] [dev IF] [scope S] [label L]`.
    mutating func virtualAddress(_ node: SyntaxNode, keyword: String) -> VirtualAddress? {
        rejectBlock(node)
        guard let (address, length) = addressWithPrefix(node.keyword, keyword: keyword) else { return nil }
        var result = VirtualAddress(
            address: address, prefixLength: length ?? address.family.maximumPrefixLength, location: node.location)
        var valid = true
        var index = 0
        let words = node.arguments
        while index < words.count {
            let option = words[index]
            func value() -> Token? {
                guard index + 1 < words.count else {
                    diagnostics.error(
                        "'\(option.text)' needs a value in '\(node.name) ...'; e.g. '\(option.text) \(Self.example(for: option.text))'",
                        at: option.location)
                    valid = false
                    return nil
                }
                index += 1
                return words[index]
            }
            switch option.text {
            case "brd", "broadcast":
                guard let token = value() else { break }
                guard case .v4 = address, let broadcast = IPv4Address(token.text) else {
                    diagnostics.error(
                        "'brd \(token.text)' is not valid here; brd takes an IPv4 address and only for an IPv4 address",
                        at: token.location)
                    valid = false
                    break
                }
                result.broadcast = broadcast
            case "dev":
                guard let token = value() else { break }
                if let name = interfaceName(token, keyword: "dev") { result.device = name } else { valid = false }
            case "scope":
                guard let token = value() else { break }
                guard let scope = AddressScope(token.text) else {
                    diagnostics.error(
                        "unknown scope '\(token.text)'; use global, site, link, host, nowhere or a number 0-255",
                        at: token.location)
                    valid = false
                    break
                }
                result.scope = scope
            case "label":
                guard let token = value() else { break }
                if token.text.utf8.count > 15 {
                    diagnostics.error(
                        "label '\(token.text)' is \(token.text.utf8.count) bytes; the kernel allows at most 15, shorten it (e.g. 'eth0:1')",
                        at: token.location)
                    valid = false
                    break
                }
                result.label = token.text
            default:
                if let takesValue = Self.unimplementedAddressOptions[option.text] {
                    diagnostics.warning(
                        "address option '\(option.text)' is not implemented yet and is ignored", at: option.location)
                    if takesValue { _ = value() }
                } else {
                    diagnostics.error(
                        "unknown option '\(option.text)' on virtual address \(node.name); "
                            + "use ADDR[/LEN] [brd X] [dev IF] [scope S] [label L]",
                        at: option.location)
                    // The option's arity is unknown, so the rest of the line cannot be read reliably.
                    return nil
                }
            }
            index += 1
        }
        return valid ? result : nil
    }

    private static func example(for option: String) -> String {
        switch option {
        case "brd": "192.0.2.255"
        case "dev": "eth0"
        case "scope": "global"
        case "label": "eth0:1"
        default: "VALUE"
        }
    }
}
