/// The receive checks of RFC 3768 §7.1 and RFC 9568 §7.1 for one virtual router.
public struct ReceiveCheck: Sendable {
    public let configuration: VirtualRouterConfiguration
    /// Where the last accepted advert came from (keepalived's master address), for
    /// `skipsAddressCheckForSameSender`.
    public private(set) var lastAcceptedSource: IPAddress?
    /// The addresses our adverts list, worked out once rather than for every packet.
    private let ownAddresses: [IPAddress]
    private let ownAddressSet: Set<IPAddress>

    /// - Parameter lastAcceptedSource: carried across a reload, so the Active router stays known.
    public init(configuration: VirtualRouterConfiguration, lastAcceptedSource: IPAddress? = nil) {
        self.configuration = configuration
        self.lastAcceptedSource = lastAcceptedSource
        ownAddresses = configuration.advertisedAddresses
        ownAddressSet = Set(ownAddresses)
    }

    /// A packet that passed every check. `intervalMatches` is the VRRPv3 interval check: logged, not
    /// dropped (VRRPv2 drops instead).
    public struct Accepted: Hashable, Sendable {
        public var advertisement: Advertisement
        public var intervalMatches: Bool = true
    }

    public struct Rejected: Error, Hashable, Sendable, CustomStringConvertible {
        public var reason: DropReason
        public var detail: String
        public var description: String { detail }
    }

    /// `check`, and remembers the sender of an accepted advert (for `skipsAddressCheckForSameSender`).
    public mutating func receive(_ packet: ReceivedPacket) -> Result<Accepted, Rejected> {
        let result = check(packet)
        if case .success = result { lastAcceptedSource = packet.source }
        return result
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
        // No router sends from the unspecified, loopback, a group or the broadcast address, and an
        // advert from our own address is another host spoofing it (ours are never looped back).
        if packet.source.canNeverBeASource || packet.source == configuration.primaryAddress {
            return reject(.unknownSource, "source \(packet.source) can never be another router")
        }
        // One rule for both modes and families: an advert counts only where the router listens — the
        // VRRP group in multicast mode (RFC 9568 §5.1.1.2, §5.1.2.2), this host's address for the
        // instance in unicast mode — never at another group, a broadcast or another address.
        switch configuration.delivery {
        case .multicast where packet.destination != configuration.multicastGroup:
            return reject(.destination, "sent to \(packet.destination), not to the VRRP group \(configuration.multicastGroup)")
        case .unicast where configuration.unicastListeningAddress.map { packet.destination != $0 } ?? packet.destination.isMulticastOrBroadcast:
            let expected = configuration.unicastListeningAddress.map { "\($0)" } ?? "a unicast address"
            return reject(.destination, "sent to \(packet.destination), not to \(expected) (unicast mode)")
        default:
            break
        }
        // RFC9568-7.1-1: TTL / hop limit must be 255 (RFC 3768 §7.1 too) — multicast only; unicast adverts
        // may be routed (keepalived does not check them either).
        if configuration.delivery == .multicast, packet.hopLimit != 255 {
            return reject(.hopLimit, "TTL \(packet.hopLimit), must be 255")
        }
        // Unicast mode accepts adverts only from the configured peers.
        if case .unicast(let peers) = configuration.delivery, !peers.contains(packet.source) {
            return reject(.unknownSource, "source is not a unicast_peer")
        }
        // RFC9568-7.1-2: the version must be ours (3 for a VRRPv3 router, 2 under RFC 3768).
        if let versionNibble = packet.payload.first.map({ $0 >> 4 }), versionNibble != configuration.version.rawValue {
            return reject(.version, "VRRP version \(versionNibble), we run \(configuration.version)")
        }
        let scope = configuration.checksumScope(source: packet.source, destination: packet.destination)
        let advertisement: Advertisement
        do {
            advertisement = try Advertisement(decoding: packet.payload, family: family, checksum: scope, expecting: ownAddresses)
        } catch {
            switch error {
            // RFC9568-7.1-4: the message must hold every field it declares.
            case .truncated, .tooLong, .familyNotInVersion: return reject(.length, error.description)
            case .unsupportedVersion: return reject(.version, error.description)
            // RFC9568-7.1-3: type 1 (ADVERTISEMENT) is the only type.
            case .unknownType: return reject(.type, error.description)
            // RFC9568-7.1-5: the checksum must verify.
            case .badChecksum: return reject(.checksum, checksumMismatch(packet, error: error))
            }
        }
        // RFC9568-7.1-6: the VRID must be configured here.
        guard advertisement.virtualRouterID == configuration.virtualRouterID else {
            return reject(.unknownVirtualRouter, "VRID \(advertisement.virtualRouterID) is not configured here")
        }
        // RFC9568-7.1-7: the owner never defers, so it ignores adverts for its VRID (RFC 3768 §7.1 too).
        if configuration.isAddressOwner {
            // RFC9568-8.3.2-2: a second router claiming priority 255 is a misconfiguration worth naming;
            // the drop log is rate-limited like every other.
            let conflict = advertisement.priority == 255 ? "; the sender claims priority 255 too: two address owners for one VRID" : ""
            return reject(.addressOwner, "we own the addresses of VRID \(configuration.virtualRouterID) (priority 255)\(conflict)")
        }
        // RFC9568-7.1-12: a VRRPv3 Max Advertise Interval of zero is meaningless (reported erratum to §7.1).
        if configuration.version == .v3, advertisement.intervalCentiseconds == 0 {
            return reject(.interval, "Max Advertise Interval 0, must be at least 1 centisecond")
        }
        if configuration.version == .v2 {
            // RFC 3768 §5.3.6: Auth Types 0 (none), 1 (simple text) and 2 (IP AH) exist.
            guard advertisement.authenticationType <= 2 else {
                return reject(.invalidAuthenticationType, "auth type \(advertisement.authenticationType) does not exist")
            }
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
        // RFC9568-7.1-11: the address list must be ours (RFC 3768 §7.1 too: "MAY verify", keepalived
        // does by default); on a mismatch the event is logged and, unless the sender is the address
        // owner (priority 255), the packet MUST be dropped. keepalived's skip_check_adv_addr skips the
        // check for the router whose advert was accepted last.
        let skips = configuration.skipsAddressCheckForSameSender && lastAcceptedSource == packet.source
        let theirs = advertisement.addresses
        // Both ways, without building sets for every advert (the lists are short).
        let matches = theirs.allSatisfy(ownAddressSet.contains) && ownAddresses.allSatisfy(theirs.contains)
        if !skips, !matches, advertisement.priority != 255 {
            let missing = ownAddresses.filter { !theirs.contains($0) }
            let extra = theirs.filter { !ownAddressSet.contains($0) }
            let parts = [("missing", missing), ("extra", extra)].filter { !$0.1.isEmpty }
                .map { "\($0.0) \($0.1.map(\.description).joined(separator: ","))" }
            return reject(.addressList, "address list differs from ours: \(parts.joined(separator: "; "))")
        }
        // RFC9568-7.1-10: a VRRPv3 interval that differs from ours is logged (by the shell, rate-limited),
        // not dropped: the Backup adopts the Active router's interval (RFC9568-6.4.2-9).
        let intervalMatches = advertisement.intervalCentiseconds == configuration.advertisementIntervalCentiseconds
        return .success(Accepted(advertisement: advertisement, intervalMatches: intervalMatches))
    }

    /// Names the fix when a VRRPv3 IPv4 checksum matches only the other form (RFC 5798 with the
    /// pseudo-header vs RFC 9568 §5.2.8 without it) — a configuration mismatch, not corruption.
    private func checksumMismatch(_ packet: ReceivedPacket, error: AdvertisementDecodeError) -> String {
        guard configuration.version == .v3, packet.source.family == .ipv4 else { return error.description }
        var other = configuration
        other.ipv4ChecksumIncludesPseudoHeader.toggle()
        let otherScope = other.checksumScope(source: packet.source, destination: packet.destination)
        guard (try? Advertisement(decoding: packet.payload, family: .ipv4, checksum: otherScope)) != nil else {
            return error.description
        }
        return configuration.ipv4ChecksumIncludesPseudoHeader
            ? "checksum computed without the IPv4 pseudo-header (RFC 9568 §5.2.8); set v3_checksum_as_v2 to accept this router"
            : "checksum computed with the IPv4 pseudo-header (RFC 5798, keepalived's default); remove v3_checksum_as_v2 to accept this router"
    }
}
