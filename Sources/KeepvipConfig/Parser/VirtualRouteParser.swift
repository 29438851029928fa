import VRRPCore

extension StatementReader {
    /// `ip route` options keepalived accepts on a route that keepvip does not apply, with whether they take a value.
    private static let ignoredRouteOptions: [String: Bool] = [
        "mtu": true, "advmss": true, "rtt": true, "rttvar": true, "reordering": true, "window": true,
        "cwnd": true, "ssthresh": true, "realms": true, "initcwnd": true, "initrwnd": true, "features": true,
        "quickack": true, "congctl": true, "pref": true, "expires": true, "hoplimit": true, "protocol": true,
        "tos": true, "dsfield": true, "weight": true, "track_group": true,
        "fastopen_no_cookie": false, "no_track": false,
    ]

    private static let routeKinds: [String: VirtualRoute.Kind] = [
        "blackhole": .blackhole, "unreachable": .unreachable, "prohibit": .prohibit, "throw": .throw,
    ]

    /// Table names every iproute2 installation defines (`/etc/iproute2/rt_tables`).
    private static let tableNames: [String: UInt32] = ["default": 253, "main": 254, "local": 255]

    /// One line of `virtual_routes` (see `VirtualRoute`).
    mutating func virtualRoute(_ node: SyntaxNode) -> VirtualRoute? {
        rejectBlock(node)
        let words = [node.keyword] + node.arguments
        var destinationToken: Token?
        var gatewayTokens: [Token] = []
        var sourceToken: Token?
        var kind = VirtualRoute.Kind.unicast
        var device: String?
        var scope: AddressScope?
        var table: UInt32?
        var metric: UInt32?
        var onLink = false
        var valid = true
        var index = 0
        while index < words.count {
            let word = words[index]
            func value() -> Token? {
                guard index + 1 < words.count else {
                    diagnostics.error("'\(word.text)' needs a value in a route; e.g. '\(word.text) \(Self.routeExample(for: word.text))'",
                                      at: word.location)
                    valid = false
                    return nil
                }
                index += 1
                return words[index]
            }
            switch word.text {
            case "src":
                sourceToken = value()
            case "to":
                destinationToken = value()
            case "via", "gw":
                if let token = value() { gatewayTokens = [token] }
            case "or":
                guard !gatewayTokens.isEmpty else {
                    diagnostics.error("'or' adds a gateway to a multipath route and must follow 'via ADDR'", at: word.location)
                    return nil
                }
                if let token = value() { gatewayTokens.append(token) }
            case "dev", "oif":
                guard let token = value() else { break }
                if let name = interfaceName(token, keyword: "dev") { device = name } else { valid = false }
            case "scope":
                guard let token = value() else { break }
                guard let parsed = AddressScope(token.text) else {
                    diagnostics.error("unknown scope '\(token.text)'; use global, site, link, host, nowhere or a number 0-255",
                                      at: token.location)
                    valid = false
                    break
                }
                scope = parsed
            case "table":
                guard let token = value() else { break }
                if let number = tableNumber(token) { table = number } else { valid = false }
            case "metric", "priority", "preference":
                guard let token = value() else { break }
                if let number = integer(token, keyword: word.text, in: 0...Int(UInt32.max)) { metric = UInt32(number) } else { valid = false }
            case "onlink":
                onLink = true
            default:
                if let routeKind = Self.routeKinds[word.text] {
                    kind = routeKind
                } else if let takesValue = Self.ignoredRouteOptions[word.text] {
                    diagnostics.warning("route option '\(word.text)' is not implemented yet and is ignored", at: word.location)
                    if takesValue { _ = value() }
                } else if destinationToken == nil {
                    destinationToken = word
                } else {
                    diagnostics.error(
                        "unknown route option '\(word.text)'; use [src ADDR] [to] DEST [via ADDR [or ADDR]] [dev IF] "
                            + "[scope S] [table N] [metric N] [onlink], or blackhole|unreachable|prohibit|throw DEST",
                        at: word.location)
                    return nil
                }
            }
            index += 1
        }
        guard valid else { return nil }
        let gateways = gatewayTokens.compactMap { address($0, keyword: "via") }
        let source = sourceToken.flatMap { address($0, keyword: "src") }
        guard gateways.count == gatewayTokens.count, source != nil || sourceToken == nil else { return nil }
        guard let destinationToken else {
            diagnostics.error("a route needs a destination; write e.g. '192.0.2.0/24 via 192.0.2.1' or 'default via 192.0.2.1'",
                              at: node.location)
            return nil
        }
        let destination: IPAddress
        let prefixLength: Int
        if destinationToken.text == "default" {
            // The family of the gateway or source; IPv4 when neither says.
            let family = (gateways.first ?? source)?.family ?? .ipv4
            destination = family == .ipv4 ? .v4(IPv4Address(0)) : .v6(IPv6Address(networkBytes: [UInt8](repeating: 0, count: 16)))
            prefixLength = 0
        } else {
            guard let (address, length) = addressWithPrefix(destinationToken, keyword: "virtual_routes") else { return nil }
            destination = address
            prefixLength = length ?? address.family.maximumPrefixLength
            let network = address.masked(to: prefixLength)
            guard network == address else {
                diagnostics.error(
                    "route destination '\(destinationToken.text)' has host bits set; write '\(network)/\(prefixLength)'",
                    at: destinationToken.location)
                return nil
            }
        }
        for (token, other) in zip(gatewayTokens + [sourceToken].compactMap { $0 }, gateways + [source].compactMap { $0 })
        where other.family != destination.family {
            diagnostics.error(
                "'\(token.text)' is \(other.family) but the route's destination is \(destination.family); use addresses of one family in a route",
                at: token.location)
            return nil
        }
        if kind == .unicast, gateways.isEmpty, device == nil {
            diagnostics.error(
                "route to \(destinationToken.text) needs a gateway or an interface; add 'via ADDR' or 'dev IF'",
                at: destinationToken.location)
            return nil
        }
        return VirtualRoute(
            destination: destination, prefixLength: prefixLength, kind: kind, gateways: gateways, device: device,
            source: source, scope: scope, table: table, metric: metric, onLink: onLink, location: node.location)
    }

    /// A routing table: a number, or `main`, `local` or `default` (the names every iproute2 installation defines).
    mutating func tableNumber(_ token: Token) -> UInt32? {
        if let name = Self.tableNames[token.text] { return name }
        return integer(token, keyword: "table", in: 1...Int(UInt32.max)).map(UInt32.init)
    }

    private static func routeExample(for option: String) -> String {
        switch option {
        case "src": "192.0.2.10"
        case "to": "198.51.100.0/24"
        case "via", "gw", "or": "192.0.2.1"
        case "dev", "oif": "eth0"
        case "scope": "link"
        case "table": "100"
        default: "VALUE"
        }
    }
}

extension IPAddress {
    /// The address with every bit past `prefixLength` cleared.
    func masked(to prefixLength: Int) -> IPAddress {
        switch self {
        case .v4(let v4):
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - prefixLength)
            return .v4(IPv4Address(v4.value & mask))
        case .v6(let v6):
            var bytes = v6.bytes
            for index in bytes.indices {
                let kept = min(max(prefixLength - index * 8, 0), 8)
                bytes[index] &= kept == 0 ? 0 : ~UInt8(0) << (8 - kept)
            }
            return .v6(IPv6Address(networkBytes: bytes))
        }
    }
}
