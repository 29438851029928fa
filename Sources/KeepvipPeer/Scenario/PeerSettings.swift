import VRRPCore

/// What a simulated router is told to be, as far as flags or a scenario file say; `nil` means "not said".
/// Flags override the scenario file (`overriding`), and `PeerConfiguration` fills in the defaults.
public struct PeerSettings: Hashable, Sendable {
    public var virtualRouterID: UInt8?
    public var version: VRRPVersion?
    public var family: AddressFamily?
    public var priority: UInt8?
    public var intervalCentiseconds: UInt16?
    /// The source of our adverts; by default the interface's first address of the family.
    public var source: IPAddress?
    /// Unicast destinations; empty means multicast to the VRRP group.
    public var unicastDestinations: [IPAddress] = []
    /// VRRPv2 simple-text password (at most 8 bytes).
    public var password: [UInt8]?
    public var virtualAddresses: [IPAddress] = []
    /// `false` for a stubborn peer (`--no-yield`).
    public var yields: Bool?
    /// VRRPv3 over IPv4 checksum without the pseudo-header (keepalived's `v3_checksum_as_v2`).
    public var v3ChecksumAsV2: Bool?

    public init() {}

    /// These settings, with every value `other` says taking precedence.
    public func overriding(with other: PeerSettings) -> PeerSettings {
        var merged = self
        merged.virtualRouterID = other.virtualRouterID ?? virtualRouterID
        merged.version = other.version ?? version
        merged.family = other.family ?? family
        merged.priority = other.priority ?? priority
        merged.intervalCentiseconds = other.intervalCentiseconds ?? intervalCentiseconds
        merged.source = other.source ?? source
        if !other.unicastDestinations.isEmpty { merged.unicastDestinations = other.unicastDestinations }
        merged.password = other.password ?? password
        if !other.virtualAddresses.isEmpty { merged.virtualAddresses = other.virtualAddresses }
        merged.yields = other.yields ?? yields
        merged.v3ChecksumAsV2 = other.v3ChecksumAsV2 ?? v3ChecksumAsV2
        return merged
    }
}
