/// What the VRRP checksum covers.
public enum ChecksumScope: Hashable, Sendable {
    /// The VRRP message alone: VRRPv2 (RFC 3768 §5.3.8), and VRRPv3 over IPv4 as RFC 9568 §5.2.8
    /// specifies it (keepalived's `v3_checksum_as_v2`).
    case message
    /// The message preceded by the IP pseudo-header: VRRPv3 over IPv6 (RFC 9568 §5.2.8), and
    /// VRRPv3 over IPv4 as RFC 5798 and keepalived's default compute it.
    case pseudoHeader(source: IPAddress, destination: IPAddress)
}
