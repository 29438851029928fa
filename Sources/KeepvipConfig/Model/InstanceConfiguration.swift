import VRRPCore

/// One `vrrp_instance`, with keepalived's defaults filled in and every value checked.
public struct InstanceConfiguration: Sendable, Hashable {
    public var name: String
    /// Where `vrrp_instance NAME` is written.
    @SourcePosition public var location: SourceLocation
    /// `state`: a hint only (keepalived treats anything but MASTER as BACKUP).
    public var initialState: InitialState
    public var interface: String
    @SourcePosition public var interfaceLocation: SourceLocation
    public var virtualRouterID: UInt8
    /// 1-255; 255 means this node owns the addresses. Default 100.
    public var priority: UInt8
    /// Default 1 s. VRRPv2: whole seconds 1-255; VRRPv3: 10 ms steps, 0.01-40.95 s.
    public var advertisementInterval: Duration
    /// `version`, else `vrrp_version` from `global_defs`; IPv6 instances always use VRRPv3.
    public var version: VRRPVersion
    /// Inferred from the virtual addresses (or `native_ipv6`, or the unicast addresses); IPv4 otherwise.
    public var family: AddressFamily
    /// `nopreempt` clears it; default on.
    public var preempt: Bool
    /// `preempt_delay`, default 0.
    public var preemptDelay: Duration
    public var authentication: Authentication?
    public var unicastSourceAddress: IPAddress?
    public var multicastSourceAddress: IPAddress?
    public var unicastPeers: [IPAddress]
    public var virtualAddresses: [VirtualAddress]
    /// `virtual_ipaddress_excluded`: put on and taken off with the VIPs and announced like them, but not
    /// listed in adverts; either family, whatever the instance's.
    public var excludedAddresses: [VirtualAddress] = []
    /// `virtual_routes`: added after the addresses while Active, removed before them.
    public var virtualRoutes: [VirtualRoute] = []
    /// `virtual_rules`: added after the routes while Active, removed before them.
    public var virtualRules: [VirtualRule] = []
    /// `accept` (true) / `no_accept` (false); `nil` when neither is written.
    public var acceptMode: Bool?
    /// VRRPv3 over IPv4: whether the checksum covers the IPv4 pseudo-header (RFC 5798 and keepalived's
    /// default) or the message alone (RFC 9568 §5.2.8, keepalived's `v3_checksum_as_v2`).
    public var ipv4ChecksumIncludesPseudoHeader: Bool = true
    /// keepalived's `skip_check_adv_addr`: adverts from the Active router last heard are not checked
    /// against the configured addresses (only a new sender's are).
    public var skipsAdvertAddressCheck = false
    /// `garp_master_delay`, default 5 s.
    public var garpMasterDelay: Duration
    /// `garp_master_repeat`, default 5.
    public var garpMasterRepeat: Int

    // The GARP values below are resolved: the instance's keyword, else global_defs `vrrp_*`, else
    // keepalived's default (so `garpMasterDelay`/`garpMasterRepeat` above also come from
    // `vrrp_garp_master_delay`/`vrrp_garp_master_repeat` when the instance has none).
    /// `garp_master_refresh`: period of refresh bursts while MASTER; zero (default) means none.
    public var garpMasterRefresh: Duration = .zero
    /// `garp_master_refresh_repeat`: messages per refresh burst, default 1.
    public var garpMasterRefreshRepeat = 1
    /// `garp_lower_prio_delay`: delay of the second burst after a MASTER hears a lower priority advert;
    /// default `vrrp_garp_lower_prio_delay`, else the global master delay.
    public var garpLowerPriorityDelay: Duration = Defaults.garpMasterDelay
    /// `garp_lower_prio_repeat`: messages per such burst (0: none); default `vrrp_garp_lower_prio_repeat`,
    /// else the global master repeat.
    public var garpLowerPriorityRepeat: Int = Defaults.garpMasterRepeat
    /// global_defs `vrrp_garp_interval`: pause between gratuitous ARPs on the interface, default 0.
    public var garpInterval: Duration = .zero
    /// global_defs `vrrp_gna_interval`: pause between unsolicited neighbour adverts, default 0.
    public var gnaInterval: Duration = .zero

    /// `track_interface` entries (duplicates dropped with a warning).
    public var trackedInterfaces: [TrackedInterface] = []
    /// `dont_track_primary` clears it: then a fault of `interface` itself does not put the instance in FAULT.
    public var tracksPrimaryInterface = true
    /// `track_script` entries naming an existing `vrrp_script` (see `Configuration.scripts`).
    public var trackedScripts: [TrackReference] = []
    /// `track_file` entries naming an existing `track_file` (see `Configuration.trackFiles`).
    public var trackedFiles: [TrackReference] = []
    /// `notify_*` commands.
    public var notify = NotifyScripts()

    public init(
        name: String, location: SourceLocation, initialState: InitialState = .backup, interface: String,
        interfaceLocation: SourceLocation, virtualRouterID: UInt8, priority: UInt8 = Defaults.priority,
        advertisementInterval: Duration = Defaults.advertisementInterval, version: VRRPVersion = .v2,
        family: AddressFamily = .ipv4, preempt: Bool = true, preemptDelay: Duration = .zero,
        authentication: Authentication? = nil, unicastSourceAddress: IPAddress? = nil,
        multicastSourceAddress: IPAddress? = nil, unicastPeers: [IPAddress] = [],
        virtualAddresses: [VirtualAddress] = [], acceptMode: Bool? = nil,
        garpMasterDelay: Duration = Defaults.garpMasterDelay, garpMasterRepeat: Int = Defaults.garpMasterRepeat
    ) {
        self.name = name
        self.location = location
        self.initialState = initialState
        self.interface = interface
        self.interfaceLocation = interfaceLocation
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.advertisementInterval = advertisementInterval
        self.version = version
        self.family = family
        self.preempt = preempt
        self.preemptDelay = preemptDelay
        self.authentication = authentication
        self.unicastSourceAddress = unicastSourceAddress
        self.multicastSourceAddress = multicastSourceAddress
        self.unicastPeers = unicastPeers
        self.virtualAddresses = virtualAddresses
        self.acceptMode = acceptMode
        self.garpMasterDelay = garpMasterDelay
        self.garpMasterRepeat = garpMasterRepeat
    }

    /// keepalived's defaults.
    public enum Defaults {
        public static let priority: UInt8 = 100
        public static let advertisementInterval: Duration = .seconds(1)
        public static let garpMasterDelay: Duration = .seconds(5)
        public static let garpMasterRepeat = 5
    }

    /// Every address the instance puts on while Active: the VIPs, then the excluded ones.
    public var managedAddresses: [VirtualAddress] { virtualAddresses + excludedAddresses }

    /// Unicast mode: adverts go to `unicastPeers` instead of the multicast group.
    public var usesUnicast: Bool { !unicastPeers.isEmpty }
}
