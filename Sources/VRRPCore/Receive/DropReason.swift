/// Why a received packet was discarded. Each has a counter and a rate-limited log line.
public enum DropReason: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// RFC 3768 §7.1 / RFC 9568 §7.1: multicast adverts must arrive with TTL / hop limit 255.
    case hopLimit = "ttl"
    /// RFC 3768 §7.1: not version 2 (or, for a VRRPv3 router, not version 3).
    case version
    /// RFC 3768 §5.3.2: type is not ADVERTISEMENT.
    case type
    /// RFC 3768 §7.1: shorter than the fields it declares.
    case length
    /// RFC 3768 §7.1: the checksum does not match.
    case checksum
    /// RFC 3768 §7.1: no virtual router with this VRID here.
    case unknownVirtualRouter = "vrid"
    /// RFC 3768 §7.1: the address owner (priority 255) discards adverts for its VRID.
    case addressOwner = "owner"
    /// RFC 3768 §7.1: Auth Type differs from ours.
    case authenticationType = "auth_type"
    /// RFC 3768 §5.3.6: an Auth Type the RFC does not define (keepalived's "Invalid Type").
    case invalidAuthenticationType = "auth_type_invalid"
    /// RFC 3768 §5.3.6.1: the password differs.
    case authentication = "auth"
    /// RFC 3768 §7.1: the advert interval differs from ours (VRRPv2); a VRRPv3 interval of zero
    /// (RFC9568-7.1-12).
    case interval
    /// Unicast mode: the source is not one of `unicast_peer` (keepalived's `check_unicast_src`, on by default here).
    case unknownSource = "source"
    /// An advert of the other address family.
    case family
    /// Sent to an address the router does not listen at: not the VRRP group in multicast mode, not
    /// this host's address for the instance in unicast mode (keepalived drops these too).
    case destination
    /// RFC 3768 §7.1 / RFC 9568 §7.1: the advert's addresses differ from ours and the sender is not
    /// the address owner.
    case addressList = "address_list"

    public var description: String { rawValue }
}
