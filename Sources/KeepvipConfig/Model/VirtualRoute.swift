import VRRPCore

/// One line of `virtual_routes`: a route the instance adds while it is Active and removes when it
/// is not, in `ip route` words: `[src ADDR] [to] DEST[/LEN]|default [via|gw ADDR [or ADDR…]]
/// [dev IF] [scope S] [table N] [metric N] [onlink]`, or `blackhole|unreachable|prohibit|throw DEST`.
public struct VirtualRoute: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case unicast, blackhole, unreachable, prohibit, `throw`
    }

    public var destination: IPAddress
    public var prefixLength: Int
    public var kind: Kind
    /// `via` / `gw`, then each `or`: more than one makes a multipath route.
    public var gateways: [IPAddress]
    public var device: String?
    /// `src`: the preferred source address.
    public var source: IPAddress?
    public var scope: AddressScope?
    /// `table`; nil is the main table.
    public var table: UInt32?
    /// `metric` / `priority` / `preference`.
    public var metric: UInt32?
    public var onLink: Bool
    @SourcePosition public var location: SourceLocation

    public init(
        destination: IPAddress, prefixLength: Int, kind: Kind = .unicast, gateways: [IPAddress] = [],
        device: String? = nil, source: IPAddress? = nil, scope: AddressScope? = nil, table: UInt32? = nil,
        metric: UInt32? = nil, onLink: Bool = false, location: SourceLocation
    ) {
        self.destination = destination
        self.prefixLength = prefixLength
        self.kind = kind
        self.gateways = gateways
        self.device = device
        self.source = source
        self.scope = scope
        self.table = table
        self.metric = metric
        self.onLink = onLink
        self.location = location
    }

    /// In `ip route` words: `blackhole 192.0.2.0/24`, `0.0.0.0/0 via 192.0.2.1 or 192.0.2.2 dev eth0 table 100`.
    public var description: String {
        var text = kind == .unicast ? "" : "\(kind.rawValue) "
        text += "\(destination)/\(prefixLength)"
        if !gateways.isEmpty { text += " via " + gateways.map(\.description).joined(separator: " or ") }
        if let device { text += " dev \(device)" }
        if let source { text += " src \(source)" }
        if let scope { text += " scope \(scope)" }
        if let table { text += " table \(table)" }
        if let metric { text += " metric \(metric)" }
        if onLink { text += " onlink" }
        return text
    }
}
