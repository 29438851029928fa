import VRRPCore

/// The parts of `global_defs` keepvip uses.
public struct GlobalDefinitions: Sendable {
    /// `router_id`: a name for this node in notifications; `nil` when not given.
    public var routerID: String?
    /// `vrrp_version`: the default for instances without their own `version` (keepalived's default is 2).
    public var vrrpVersion: VRRPVersion

    public init(routerID: String? = nil, vrrpVersion: VRRPVersion = .v2) {
        self.routerID = routerID
        self.vrrpVersion = vrrpVersion
    }
}
