import KeepvipConfig
import Testing
import VRRPCore

/// RFC 9568 §7.2: transmitting adverts.
@Suite struct Section7_2Tests {
    let segment = InMemorySegment()

    @Test("RFC9568-7.2-1 positive: IPv4 and IPv6 adverts carry the configured fields and a pseudo-header checksum")
    func advertFieldsAndChecksum() throws {
        let host4 = segment.addHost(Conf.hostA)
        let host6 = segment.addHost(Conf.hostA6)
        host4.start(Conf.instance(priority: 255, intervalCentiseconds: 50, virtualAddresses: [Conf.vip, Conf.vip2]))
        host6.start(Conf.instance(priority: 255, virtualAddresses: [Conf.vip6]))
        let raw4 = try #require(segment.wire.first { $0.source == Conf.hostA })
        let advert4 = try #require(raw4.advertisement)
        #expect(advert4 == Advertisement(version: .v3, virtualRouterID: Conf.vrid, priority: 255, intervalCentiseconds: 50, addresses: [Conf.vip, Conf.vip2]))
        let advert6 = try #require(segment.adverts(from: Conf.hostA6).first?.advertisement)
        #expect(advert6 == Advertisement(version: .v3, virtualRouterID: Conf.vrid, priority: 255, intervalCentiseconds: 100, addresses: [Conf.vip6]))
    }

    @Test("RFC9568-7.2-1 negative: the IPv6 checksum does not verify without the pseudo-header")
    func ipv6ChecksumNeedsPseudoHeader() throws {
        let host6 = segment.addHost(Conf.hostA6)
        var captured: [UInt8] = []
        host6.start(Conf.instance(priority: 255, virtualAddresses: [Conf.vip6]))
        // Re-encode what was sent: the message-only checksum differs from what the host put on the wire.
        let sent = try #require(segment.adverts(from: Conf.hostA6).first?.advertisement)
        captured = sent.encoded(checksum: .pseudoHeader(source: Conf.hostA6, destination: Conf.group6))
        #expect(throws: AdvertisementDecodeError.self) {
            try Advertisement(decoding: captured, family: .ipv6, checksum: .message)
        }
        #expect(InMemorySegment.decode(captured, from: Conf.hostA6, to: Conf.group6) == sent)
    }

    @Test("RFC9568-7.2-4 positive: multicast instances send to 224.0.0.18 and ff02::12")
    func sendsToVRRPGroup() {
        let host4 = segment.addHost(Conf.hostA)
        let host6 = segment.addHost(Conf.hostA6)
        host4.start(Conf.instance(priority: 255))
        host6.start(Conf.instance(priority: 255, virtualAddresses: [Conf.vip6]))
        segment.run(until: .seconds(3))
        #expect(segment.destinations(from: Conf.hostA) == [Conf.group4])
        #expect(segment.destinations(from: Conf.hostA6) == [Conf.group6])
    }

    @Test("RFC9568-7.2-4 negative: with unicast_peer (keepalived's extension) adverts go to the peers instead")
    func unicastSendsToPeers() {
        let host4 = segment.addHost(Conf.hostA)
        host4.start(Conf.instance(priority: 255, unicastPeers: [Conf.hostB, Conf.peerHigh]))
        segment.run(until: .seconds(3))
        #expect(segment.destinations(from: Conf.hostA) == [Conf.hostB, Conf.peerHigh])
    }
}
