import VRRPCore

/// The parts of `global_defs` keepvip uses.
public struct GlobalDefinitions: Sendable {
    /// `router_id`: a name for this node in notifications; `nil` when not given.
    public var routerID: String?
    /// `vrrp_version`: the default for instances without their own `version` (keepalived's default is 2).
    public var vrrpVersion: VRRPVersion
    /// keepalived's `v3_checksum_as_v2`: VRRPv3 over IPv4 checksums the message alone (RFC 9568 §5.2.8)
    /// instead of adding the pseudo-header (RFC 5798, keepalived's default). Instances may override it.
    public var v3ChecksumAsV2: Bool = false

    public init(routerID: String? = nil, vrrpVersion: VRRPVersion = .v2) {
        self.routerID = routerID
        self.vrrpVersion = vrrpVersion
    }
}
