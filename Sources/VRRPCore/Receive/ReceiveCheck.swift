/// The receive checks of RFC 3768 §7.1 and RFC 9568 §7.1 for one virtual router.
public struct ReceiveCheck: Sendable {
    public let configuration: VirtualRouterConfiguration
    /// How VRRPv3 over IPv4 checksums are computed (keepalived's default: with the pseudo-header).
    public let ipv4ChecksumIncludesPseudoHeader: Bool

    public init(configuration: VirtualRouterConfiguration, ipv4ChecksumIncludesPseudoHeader: Bool = true) {
        self.configuration = configuration
        self.ipv4ChecksumIncludesPseudoHeader = ipv4ChecksumIncludesPseudoHeader
    }

    /// A packet that passed every MUST check. `addressListMatches` is the SHOULD check of
    /// RFC 3768 §7.1: a mismatch is logged, not dropped (as keepalived since 2.3.3).
    public struct Accepted: Hashable, Sendable {
        public var advertisement: Advertisement
        public var addressListMatches: Bool
    }

    public struct Rejected: Error, Hashable, Sendable, CustomStringConvertible {
        public var reason: DropReason
        public var detail: String
        public var description: String { detail }
    }

    public func check(_ packet: ReceivedPacket) -> Result<Accepted, Rejected> {
        let configuration = configuration
        func reject(_ reason: DropReason, _ detail: String) -> Result<Accepted, Rejected> {
            .failure(Rejected(reason: reason, detail: detail))
        }
        let family = configuration.primaryAddress.family
        guard packet.source.family == family else {
            return reject(.family, "\(packet.source.family) advert for a \(family) virtual router")
        }
        // RFC 3768 §7.1, RFC 9568 §7.1: TTL / hop limit 255 — multicast only; unicast adverts may be routed
        // (keepalived does not check them either).
        if configuration.delivery == .multicast, packet.hopLimit != 255 {
            return reject(.hopLimit, "TTL \(packet.hopLimit), must be 255")
        }
        // Unicast mode accepts adverts only from the configured peers.
        if case .unicast(let peers) = configuration.delivery, !peers.contains(packet.source) {
            return reject(.unknownSource, "source is not a unicast_peer")
        }
        if let versionNibble = packet.payload.first.map({ $0 >> 4 }), versionNibble != configuration.version.rawValue {
            return reject(.version, "VRRP version \(versionNibble), we run \(configuration.version)")
        }
        // RFC 3768 §5.3.8: v2 sums the message; RFC 9568 §5.2.8: v3 adds the pseudo-header (over IPv4
        // only when configured so — keepalived's default, unlike `v3_checksum_as_v2`).
        let messageOnly = configuration.version == .v2 || (family == .ipv4 && !ipv4ChecksumIncludesPseudoHeader)
        let scope: ChecksumScope = messageOnly ? .message : .pseudoHeader(source: packet.source, destination: packet.destination)
        let advertisement: Advertisement
        do {
            advertisement = try Advertisement(decoding: packet.payload, family: family, checksum: scope)
        } catch {
            switch error {
            case .truncated, .familyNotInVersion: return reject(.length, error.description)
            case .unsupportedVersion: return reject(.version, error.description)
            case .unknownType: return reject(.type, error.description)
            case .badChecksum: return reject(.checksum, error.description)
            }
        }
        guard advertisement.virtualRouterID == configuration.virtualRouterID else {
            return reject(.unknownVirtualRouter, "VRID \(advertisement.virtualRouterID) is not configured here")
        }
        // RFC 3768 §7.1 / RFC 9568 §7.1: the owner never defers, so it ignores adverts for its VRID.
        if configuration.isAddressOwner {
            return reject(.addressOwner, "we own the addresses of VRID \(configuration.virtualRouterID) (priority 255)")
        }
        if configuration.version == .v2 {
            // RFC 3768 §7.1: Auth Type must match; RFC 3768 §5.3.6.1: the password too.
            guard advertisement.authenticationType == configuration.authentication.typeCode else {
                return reject(.authenticationType, "auth type \(advertisement.authenticationType), ours \(configuration.authentication.typeCode)")
            }
            guard advertisement.authentication == configuration.authentication else {
                return reject(.authentication, "authentication password does not match")
            }
            // RFC 3768 §7.1: Adver Int must equal ours.
            guard advertisement.intervalCentiseconds == configuration.advertisementIntervalCentiseconds else {
                return reject(.interval, "advert interval \(advertisement.intervalCentiseconds / 100) s, ours \(configuration.advertisementIntervalCentiseconds / 100) s")
            }
        }
        let matches = Set(advertisement.addresses) == Set(configuration.virtualAddresses)
        return .success(Accepted(advertisement: advertisement, addressListMatches: matches))
    }
}
