import VRRPCore

/// A simulated router, resolved: every value set and checked against the others.
public struct PeerConfiguration: Hashable, Sendable {
    public var router: VirtualRouterConfiguration
    /// Where our adverts go: the unicast destinations, or the family's VRRP group. Nothing else.
    public var destinations: [IPAddress]
    public var yields: Bool

    public var family: AddressFamily { router.primaryAddress.family }
    public var source: IPAddress { router.primaryAddress }

    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Resolves `settings`; `interfaceAddresses` (kernel order) supply the default source.
    public init(settings: PeerSettings, interfaceAddresses: [IPAddress]) throws(Invalid) {
        guard let vrid = settings.virtualRouterID else { throw Invalid(message: "no VRID: give --vrid or 'vrid' in the scenario") }
        let family = settings.family ?? settings.source?.family ?? settings.unicastDestinations.first?.family
            ?? settings.virtualAddresses.first?.family ?? .ipv4
        let version = settings.version ?? (family == .ipv6 ? .v3 : .v2)
        if version == .v2, family == .ipv6 { throw Invalid(message: "VRRPv2 carries IPv4 only; use --version 3 for IPv6") }
        let interval = settings.intervalCentiseconds ?? 100
        if version == .v2, interval % 100 != 0 || interval / 100 > 255 {
            throw Invalid(message: "VRRPv2 advert intervals are whole seconds 1–255")
        }
        for address in settings.unicastDestinations + settings.virtualAddresses where address.family != family {
            throw Invalid(message: "\(address) is not \(family) like the rest of this router")
        }
        let source: IPAddress
        if let given = settings.source {
            guard given.family == family else { throw Invalid(message: "source \(given) is not \(family)") }
            source = given
        } else {
            let candidates = interfaceAddresses.filter { $0.family == family && !Self.isLinkLocalIPv6($0) }
            let linkLocal = interfaceAddresses.filter(Self.isLinkLocalIPv6)
            // RFC 9568 §5.1.2.2: IPv6 adverts come from the link-local address.
            guard let first = family == .ipv6 ? linkLocal.first : candidates.first else {
                throw Invalid(message: "the interface has no \(family) address to send from; give --source")
            }
            source = first
        }
        if settings.password != nil, version == .v3 { throw Invalid(message: "VRRPv3 has no authentication") }
        let delivery: VirtualRouterConfiguration.Delivery = settings.unicastDestinations.isEmpty
            ? .multicast : .unicast(peers: settings.unicastDestinations)
        router = VirtualRouterConfiguration(
            version: version, virtualRouterID: vrid, priority: settings.priority ?? 100,
            advertisementIntervalCentiseconds: interval, preempt: true,
            primaryAddress: source, virtualAddresses: settings.virtualAddresses,
            authentication: settings.password.map { .simpleText($0) } ?? .none,
            delivery: delivery, announcementCount: 0, announcementDelay: .zero
        )
        destinations = settings.unicastDestinations.isEmpty ? [Self.group(of: family)] : settings.unicastDestinations
        router.ipv4ChecksumIncludesPseudoHeader = !(settings.v3ChecksumAsV2 ?? false)
        // A scripted peer keeps the RFC's timeline to the millisecond.
        router.ordersStartUp = false
        yields = settings.yields ?? true
    }

    static func group(of family: AddressFamily) -> IPAddress {
        family == .ipv4 ? .v4(IPv4Address.vrrpMulticastGroup) : .v6(IPv6Address.vrrpMulticastGroup)
    }

    private static func isLinkLocalIPv6(_ address: IPAddress) -> Bool {
        if case .v6(let v6) = address { return v6.isLinkLocal }
        return false
    }
}
