import VRRPCore

/// One policy-routing rule as rtnetlink takes it: what `ip rule add` would be given.
public struct KernelRule: Sendable {
    public enum Action: UInt8, Sendable {
        case lookup = 1       // FR_ACT_TO_TBL
        case blackhole = 6    // FR_ACT_BLACKHOLE
        case unreachable = 7  // FR_ACT_UNREACHABLE
        case prohibit = 8     // FR_ACT_PROHIBIT
    }

    public var family: AddressFamily
    /// `from`: source prefix; nil matches any.
    public var source: (address: IPAddress, prefixLength: Int)?
    /// `to`: destination prefix; nil matches any.
    public var destination: (address: IPAddress, prefixLength: Int)?
    public var action: Action
    /// The table `lookup` consults; nil for the main table.
    public var table: UInt32?
    public var priority: UInt32?
    public var inputInterface: String?
    public var outputInterface: String?
    public var firewallMark: UInt32?
    public var firewallMask: UInt32?

    public init(
        family: AddressFamily, source: (address: IPAddress, prefixLength: Int)? = nil,
        destination: (address: IPAddress, prefixLength: Int)? = nil, action: Action = .lookup, table: UInt32? = nil,
        priority: UInt32? = nil, inputInterface: String? = nil, outputInterface: String? = nil,
        firewallMark: UInt32? = nil, firewallMask: UInt32? = nil
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
    }
}
