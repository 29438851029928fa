/// What one virtual router is told to be: the protocol parameters of RFC 3768 §6.1 / RFC 9568 §6.1
/// plus keepalived's knobs that change protocol behaviour.
public struct VirtualRouterConfiguration: Hashable, Sendable {
    public var version: VRRPVersion
    public var virtualRouterID: UInt8
    /// 1–254 to compete, 255 for the address owner (RFC 9568 §6.1).
    public var priority: UInt8
    /// Advertisement_Interval in centiseconds (VRRPv2 keeps whole seconds).
    public var advertisementIntervalCentiseconds: UInt16
    /// Preempt_Mode (RFC 9568 §6.1); keepalived's `nopreempt` clears it.
    public var preempt: Bool
    /// keepalived's `preempt_delay`: a Backup waits this long after start-up, or after first hearing a
    /// lower-priority Active router, before it preempts.
    public var preemptDelay: Duration
    /// The address our advertisements come from: the tie-break of RFC 3768 §6.4.3.
    public var primaryAddress: IPAddress
    /// IPvX_Addresses (RFC 9568 §6.1): what the Active router carries and advertises.
    public var virtualAddresses: [IPAddress]
    public var authentication: AdvertisementAuthentication
    /// Where adverts go and whom they are accepted from.
    public var delivery: Delivery
    /// Gratuitous ARP / unsolicited NA on becoming Active: `count` at once, and `count` more after `delay`
    /// (keepalived's `garp_master_repeat` and `garp_master_delay`; a zero delay means no second burst).
    public var announcementCount: Int
    public var announcementDelay: Duration
    /// keepalived's `garp_interval`: the gap between the announcements of one burst. Zero (keepalived's
    /// default) sends a whole burst at once.
    public var announcementSpacing: Duration = .zero
    /// keepalived's `garp_master_refresh`: while Active, announce again every this long, counted from
    /// becoming Active. Zero (keepalived's default) never refreshes.
    public var refreshInterval: Duration = .zero
    /// keepalived's `garp_master_refresh_repeat`: announcements per refresh (keepalived's default 1).
    public var refreshCount: Int = 1
    /// keepalived's `garp_lower_prio_repeat`: when the Active router hears a lower-priority advert it
    /// announces this many at once, and as many again after `lowerPriorityAnnouncementDelay` when that
    /// is not zero (keepalived's vrrp.c, master receive path). Zero announces nothing: keepvip's default,
    /// which keeps the previous behaviour; keepalived.conf(5) documents its own default as
    /// `garp_master_repeat`, so the configuration layer decides what a keepalived file means.
    public var lowerPriorityAnnouncementCount: Int = 0
    /// keepalived's `garp_lower_prio_delay` (keepalived.conf(5): defaults to `garp_master_delay`).
    public var lowerPriorityAnnouncementDelay: Duration = .zero
    /// VRRPv3 over IPv4: checksum with the pseudo-header (RFC 5798, keepalived's default) or over the
    /// message alone (RFC 9568 §5.2.8, keepalived's `v3_checksum_as_v2`).
    public var ipv4ChecksumIncludesPseudoHeader: Bool = true

    /// keepalived's `skip_check_adv_addr`: the address list of an advert from the same router as the
    /// last accepted one is not checked.
    public var skipsAddressCheckForSameSender = false
    /// Start-up ordering (`VirtualRouter+StartUp.swift`): the first takeover after start-up installs
    /// the addresses `VirtualRouter.claimTime` after the advert, unless a better router answers.
    /// Off for `keepvip peer`, which plays a plain RFC router on a scripted timeline.
    public var ordersStartUp = true
    /// In unicast mode, the address peers send to (keepalived's `unicast_src_ip`, or the interface's
    /// IPv4 address); nil accepts adverts at any unicast address of this host.
    public var unicastListeningAddress: IPAddress?

    public enum Delivery: Hashable, Sendable {
        /// To the VRRP group (224.0.0.18 / ff02::12); received adverts must have TTL / hop limit 255.
        case multicast
        /// To each peer; received adverts must come from one of them.
        case unicast(peers: [IPAddress])
    }

    /// The VRRP group of the router's family (RFC 9568 §5.1.1.2, §5.1.2.2).
    public var multicastGroup: IPAddress {
        primaryAddress.family == .ipv4 ? .v4(.vrrpMulticastGroup) : .v6(.vrrpMulticastGroup)
    }

    public init(
        version: VRRPVersion = .v2, virtualRouterID: UInt8, priority: UInt8 = 100,
        advertisementIntervalCentiseconds: UInt16 = 100, preempt: Bool = true, preemptDelay: Duration = .zero,
        primaryAddress: IPAddress, virtualAddresses: [IPAddress], authentication: AdvertisementAuthentication = .none,
        delivery: Delivery = .multicast, announcementCount: Int = 5, announcementDelay: Duration = .seconds(5)
    ) {
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.advertisementIntervalCentiseconds = advertisementIntervalCentiseconds
        self.preempt = preempt
        self.preemptDelay = preemptDelay
        self.primaryAddress = primaryAddress
        self.virtualAddresses = virtualAddresses
        self.authentication = authentication
        self.delivery = delivery
        self.announcementCount = announcementCount
        self.announcementDelay = announcementDelay
    }

    /// RFC9568-6.1-1: the router that owns the addresses has priority 255; only it may use 255.
    public var isAddressOwner: Bool { priority == 255 }

    public var advertisementInterval: Duration { .milliseconds(Int64(advertisementIntervalCentiseconds) * 10) }

    /// The addresses an advert lists: those of the router's family, and for IPv6 the link-local ones
    /// first (RFC 9568 §5.2.9 puts the virtual router's link-local address first).
    public var advertisedAddresses: [IPAddress] {
        let own = virtualAddresses.filter { $0.family == primaryAddress.family }
        let linkLocal = own.filter { if case .v6(let v6) = $0 { v6.isLinkLocal } else { false } }
        return linkLocal + own.filter { !linkLocal.contains($0) }
    }

    /// The advert this router sends, with the configured priority (the state machine chooses the
    /// priority of each one it sends).
    public var advertisement: Advertisement {
        Advertisement(
            version: version, virtualRouterID: virtualRouterID, priority: priority,
            intervalCentiseconds: advertisementIntervalCentiseconds, addresses: advertisedAddresses,
            authentication: authentication
        )
    }

    /// What the checksum of an advert between `source` and `destination` covers: RFC 3768 §5.3.8 for
    /// VRRPv2, RFC 9568 §5.2.8 for VRRPv3 (always the pseudo-header over IPv6; over IPv4 as configured).
    public func checksumScope(source: IPAddress, destination: IPAddress) -> ChecksumScope {
        switch (version, primaryAddress.family) {
        case (.v2, _), (.v3, .ipv4) where !ipv4ChecksumIncludesPseudoHeader:
            .message
        default:
            .pseudoHeader(source: source, destination: destination)
        }
    }
}
