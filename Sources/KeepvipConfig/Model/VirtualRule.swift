import VRRPCore

/// One line of `virtual_rules`: a policy-routing rule the instance adds while it is Active and
/// removes when it is not, in `ip rule` words: `[from PREFIX|all] [to PREFIX|all] [table|lookup N]
/// [priority N] [iif IF] [oif IF] [fwmark N[/MASK]]`, or with `blackhole|unreachable|prohibit`.
public struct VirtualRule: Hashable, Sendable, CustomStringConvertible {
    public enum Action: String, Hashable, Sendable {
        case lookup, blackhole, unreachable, prohibit
    }

    /// A `from` / `to` selector.
    public struct Prefix: Hashable, Sendable, CustomStringConvertible {
        public var address: IPAddress
        public var length: Int

        public init(address: IPAddress, length: Int) {
            self.address = address
            self.length = length
        }

        public var description: String {
            length == address.family.maximumPrefixLength ? "\(address)" : "\(address)/\(length)"
        }
    }

    public var family: AddressFamily
    public var source: Prefix?
    public var destination: Prefix?
    public var action: Action
    /// The table `lookup` consults; nil is the main table.
    public var table: UInt32?
    public var priority: UInt32?
    public var inputInterface: String?
    public var outputInterface: String?
    public var firewallMark: UInt32?
    public var firewallMask: UInt32?
    @SourcePosition public var location: SourceLocation

    public init(
        family: AddressFamily, source: Prefix? = nil, destination: Prefix? = nil, action: Action = .lookup,
        table: UInt32? = nil, priority: UInt32? = nil, inputInterface: String? = nil, outputInterface: String? = nil,
        firewallMark: UInt32? = nil, firewallMask: UInt32? = nil, location: SourceLocation
    ) {
        self.family = family
        self.source = source
        self.destination = destination
        self.action = action
        self.table = table
        self.priority = priority
        self.inputInterface = inputInterface
        self.outputInterface = outputInterface
        self.firewallMark = firewallMark
        self.firewallMask = firewallMask
        self.location = location
    }

    /// In `ip rule` words: `from 192.0.2.200 lookup 100`, `priority 10 from all to 198.51.100.0/24 blackhole`.
    public var description: String {
        var parts: [String] = []
        if let priority { parts.append("priority \(priority)") }
        parts.append("from \(source?.description ?? "all")")
        if let destination { parts.append("to \(destination)") }
        if let firewallMark { parts.append("fwmark \(firewallMark)" + (firewallMask.map { "/\($0)" } ?? "")) }
        if let inputInterface { parts.append("iif \(inputInterface)") }
        if let outputInterface { parts.append("oif \(outputInterface)") }
        parts.append(action == .lookup ? "lookup \(table.map(String.init) ?? "main")" : action.rawValue)
        return parts.joined(separator: " ")
    }
}
