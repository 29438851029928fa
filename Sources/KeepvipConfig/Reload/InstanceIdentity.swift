import VRRPCore

/// What makes a configured instance the same virtual router across a reload, as keepalived's
/// `vrrp_exist()` decides: the VRID, the address family, the interface, unicast or multicast, and the
/// configured source address. The name is not part of it: a renamed instance keeps its state.
public struct InstanceIdentity: Hashable, Sendable {
    public var virtualRouterID: UInt8
    public var family: AddressFamily
    public var interface: String
    public var usesUnicast: Bool
    /// `unicast_src_ip` in unicast mode, `mcast_src_ip` in multicast mode.
    public var sourceAddress: IPAddress?

    public init(_ instance: InstanceConfiguration) {
        virtualRouterID = instance.virtualRouterID
        family = instance.family
        interface = instance.interface
        usesUnicast = instance.usesUnicast
        sourceAddress = instance.usesUnicast ? instance.unicastSourceAddress : instance.multicastSourceAddress
    }
}
