import VRRPCore

/// Gives each received packet the verdict of keepvip's receive checks (`ReceiveCheck`).
public struct PacketInspector: Sendable {
    private enum Basis: Sendable {
        /// A simulated router's own configuration: exactly what keepvipd configured so would do.
        case router(VirtualRouterConfiguration)
        /// `--listen`: a configuration assembled per packet from the flags and the packet.
        case listening(ListenExpectations)
    }

    private let basis: Basis

    public init(router: VirtualRouterConfiguration) {
        basis = .router(router)
    }

    public init(expectations: ListenExpectations) {
        basis = .listening(expectations)
    }

    public func inspect(_ packet: ReceivedPacket) -> Inspection {
        let family = packet.source.family
        let header = AdvertHeader(packet.payload, family: family)
        let configuration: VirtualRouterConfiguration = switch basis {
        case .router(let router): router
        case .listening(let expectations): Self.configuration(for: packet, header: header, expectations: expectations)
        }
        let check = ReceiveCheck(configuration: configuration)
        switch check.check(packet) {
        case .success(let accepted):
            return Inspection(packet: packet, header: header, verdict: .valid,
                              advertisement: accepted.advertisement)
        case .failure(let rejected):
            return Inspection(packet: packet, header: header, verdict: .dropped(rejected.reason, detail: rejected.detail))
        }
    }

    private static func configuration(
        for packet: ReceivedPacket, header: AdvertHeader?, expectations: ListenExpectations
    ) -> VirtualRouterConfiguration {
        let version = expectations.version ?? header.flatMap { VRRPVersion(rawValue: $0.version) } ?? .v2
        let authentication = expectations.authentication
            ?? header.flatMap { $0.password(in: packet.payload) }.map { .simpleText($0) }
            ?? .none
        let delivery: VirtualRouterConfiguration.Delivery
        if let peers = expectations.peers {
            delivery = .unicast(peers: peers)
        } else if Self.isMulticast(packet.destination) {
            delivery = .multicast
        } else {
            delivery = .unicast(peers: [packet.source])
        }
        var configuration = VirtualRouterConfiguration(
            version: version,
            virtualRouterID: expectations.virtualRouterID ?? header?.virtualRouterID ?? 0,
            priority: expectations.priority,
            advertisementIntervalCentiseconds: expectations.intervalCentiseconds ?? header?.intervalCentiseconds ?? 100,
            primaryAddress: packet.destination,
            virtualAddresses: expectations.virtualAddresses ?? header?.addresses ?? [],
            authentication: authentication,
            delivery: delivery
        )
        configuration.ipv4ChecksumIncludesPseudoHeader = !expectations.v3ChecksumAsV2
        return configuration
    }

    private static func isMulticast(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let v4): v4.isMulticast
        case .v6(let v6): v6.isMulticast
        }
    }
}
