import VRRPCore

/// The parts of `global_defs` keepvip uses.
public struct GlobalDefinitions: Sendable, Hashable {
    /// `router_id`: a name for this node in notifications; `nil` when not given.
    public var routerID: String?
    /// `vrrp_version`: the default for instances without their own `version` (keepalived's default is 2).
    public var vrrpVersion: VRRPVersion
    /// keepalived's `v3_checksum_as_v2`: VRRPv3 over IPv4 checksums the message alone (RFC 9568 §5.2.8)
    /// instead of adding the pseudo-header (RFC 5798, keepalived's default). Instances may override it.
    public var v3ChecksumAsV2: Bool = false
    /// `vrrp_skip_check_adv_addr`: the default of every instance's `skip_check_adv_addr`.
    public var skipsAdvertAddressCheck = false

    /// `script_user USER [GROUP]`: who runs scripts without their own user; `nil` means keepalived's
    /// default (user `keepalived_script` if it exists, else the daemon's own user).
    public var scriptUser: String?
    /// The group of `script_user`; `nil` means the user's primary group.
    public var scriptGroup: String?
    /// `enable_script_security`: refuse to run a script as root when a non-root user could change it.
    public var enablesScriptSecurity = false
    /// `notify_fifo` (+ `notify_fifo_script`): receives every event.
    public var notifyFIFO: NotifyFIFO?
    /// `vrrp_notify_fifo` (+ `vrrp_notify_fifo_script`): receives the VRRP events. keepvip has only VRRP
    /// events, so both FIFOs get the same lines; keepalived requires them to be different files.
    public var vrrpNotifyFIFO: NotifyFIFO?

    /// GARP defaults for instances (keepalived.conf(5), global_defs); each `vrrp_instance` may override
    /// them and `InstanceConfiguration` holds the resolved values.
    /// `vrrp_garp_master_delay`: delay of the second burst after becoming MASTER, default 5 s (0: none).
    public var garpMasterDelay: Duration = InstanceConfiguration.Defaults.garpMasterDelay
    /// `vrrp_garp_master_repeat`: messages per burst, default 5.
    public var garpMasterRepeat: Int = InstanceConfiguration.Defaults.garpMasterRepeat
    /// `vrrp_garp_master_refresh`: period of refresh bursts while MASTER, whole seconds; 0 (default): none.
    public var garpMasterRefresh: Duration = .zero
    /// `vrrp_garp_master_refresh_repeat`: messages per refresh burst, default 1.
    public var garpMasterRefreshRepeat = 1
    /// `vrrp_garp_lower_prio_delay`: delay of the second burst after a MASTER hears a lower priority;
    /// `nil` (default) means `garpMasterDelay`.
    public var garpLowerPriorityDelay: Duration?
    /// `vrrp_garp_lower_prio_repeat`: messages per such burst; `nil` (default) means `garpMasterRepeat`.
    public var garpLowerPriorityRepeat: Int?
    /// `vrrp_garp_interval`: pause between gratuitous ARPs on an interface, microsecond resolution, default 0.
    public var garpInterval: Duration = .zero
    /// `vrrp_gna_interval`: pause between unsolicited neighbour adverts on an interface, default 0.
    public var gnaInterval: Duration = .zero

    public init(routerID: String? = nil, vrrpVersion: VRRPVersion = .v2) {
        self.routerID = routerID
        self.vrrpVersion = vrrpVersion
    }
}
