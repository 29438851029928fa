import KeepvipConfig
import VRRPCore

extension VirtualRouterConfiguration {
    /// The protocol parameters of a configured instance. `primaryAddress` is the address its adverts
    /// leave from: `unicast_src_ip`, `mcast_src_ip`, or the interface's first address.
    public init(instance: InstanceConfiguration, primaryAddress: IPAddress) {
        let centiseconds = instance.advertisementInterval.nanoseconds / 10_000_000
        let authentication: AdvertisementAuthentication = switch instance.authentication {
        case .password(let password)? where instance.version == .v2: .simpleText(password)
        default: .none
        }
        self.init(
            version: instance.version,
            virtualRouterID: instance.virtualRouterID,
            priority: instance.priority,
            advertisementIntervalCentiseconds: UInt16(clamping: centiseconds),
            preempt: instance.preempt,
            preemptDelay: instance.preemptDelay,
            primaryAddress: primaryAddress,
            virtualAddresses: instance.virtualAddresses.map(\.address),
            authentication: authentication,
            delivery: instance.unicastPeers.isEmpty ? .multicast : .unicast(peers: instance.unicastPeers),
            announcementCount: instance.garpMasterRepeat,
            announcementDelay: instance.garpMasterDelay
        )
        ipv4ChecksumIncludesPseudoHeader = instance.ipv4ChecksumIncludesPseudoHeader
        skipsAddressCheckForSameSender = instance.skipsAdvertAddressCheck
        // An IPv6 router without unicast_src_ip sends from its link-local address while peers may
        // send to any of its addresses.
        unicastListeningAddress = instance.unicastSourceAddress ?? (instance.family == .ipv4 ? primaryAddress : nil)
        announcementSpacing = instance.family == .ipv4 ? instance.garpInterval : instance.gnaInterval
        refreshInterval = instance.garpMasterRefresh
        refreshCount = instance.garpMasterRefreshRepeat
        lowerPriorityAnnouncementCount = instance.garpLowerPriorityRepeat
        lowerPriorityAnnouncementDelay = instance.garpLowerPriorityDelay
    }
}
