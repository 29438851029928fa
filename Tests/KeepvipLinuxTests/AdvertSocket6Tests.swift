import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

struct VRRPv3IPv6ChecksumTests {
    /// keepalived 2.2.7's advert for VRID 61, priority 255, 100 cs, 2001:db8::100, from
    /// fe80::184b:f6ff:fef3:8d3 to ff02::12 (tcpdump -xx on the peer): the userspace pseudo-header
    /// checksum `AdvertSocket6` relies on gives the same bytes.
    @Test func userspaceChecksumMatchesKeepalivedCapture() throws {
        let captured: [UInt8] = [0x31, 0x3D, 0xFF, 0x01, 0x00, 0x64, 0x8B, 0x73,
                                 0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00]
        let advert = Advertisement(version: .v3, virtualRouterID: 61, priority: 255, intervalCentiseconds: 100,
                                   addresses: [IPAddress("2001:db8::100")!])
        let scope = ChecksumScope.pseudoHeader(source: IPAddress("fe80::184b:f6ff:fef3:8d3")!, destination: .v6(.vrrpMulticastGroup))
        #expect(advert.encoded(checksum: scope) == captured)
    }
}

@Suite(.serialized)
struct AdvertSocket6NamespaceTests {
    static func open(_ ns: TestNamespace, _ name: String, source: IPv6Address?, join: Bool = true) throws -> AdvertSocket6 {
        try ns.enter {
            try AdvertSocket6(interfaceName: name, interfaceIndex: try #require(NetworkInterface.index(named: name)),
                              sourceAddress: source, joinMulticast: join)
        }
    }

    static func next(_ socket: AdvertSocket6) throws -> ReceivedAdvertisement6? {
        guard waitReadable(socket.fileDescriptor, milliseconds: 2000) else { return nil }
        return try socket.receive()
    }

    /// Multicast and unicast both ways between two namespaces: hop limit 255, the requested
    /// (link-local) source, the destination and arrival interface from IPV6_PKTINFO, no loopback.
    @Test func multicastAndUnicastBothWays() throws {
        let pair = try VethPair6("adv6")
        defer { pair.remove() }
        let a = try Self.open(pair.a, "va", source: pair.aLinkLocal)
        let b = try Self.open(pair.b, "vb", source: pair.bLinkLocal)
        #expect(a.interfaceIndex == pair.aIndex && b.interfaceIndex == pair.bIndex)

        // a → b, multicast, from a's link-local address.
        let payload: [UInt8] = [0x31, 61, 100, 1, 0, 100, 0, 0] + IPv6Address("2001:db8::100")!.bytes
        try a.send(payload, to: .vrrpMulticastGroup)
        let multicast = try #require(try Self.next(b))
        #expect(multicast == ReceivedAdvertisement6(source: pair.aLinkLocal, destination: .vrrpMulticastGroup, hopLimit: 255,
                                                    payload: payload, interfaceIndex: pair.bIndex))
        #expect(try b.receive() == nil)

        // b → a, multicast, dispatched by the event loop.
        let loop = try EventLoop()
        var got: [ReceivedAdvertisement6] = []
        try loop.register(a.fileDescriptor) {
            while let advert = try? a.receive() { got.append(advert) }
            loop.stop()
        }
        loop.onWakeUp = { loop.stop() }
        loop.setWakeUp(at: MonotonicClock.now() + .seconds(2))
        try b.send([0x31, 1, 2, 3], to: .vrrpMulticastGroup)
        try loop.run()
        #expect(got == [ReceivedAdvertisement6(source: pair.bLinkLocal, destination: .vrrpMulticastGroup, hopLimit: 255,
                                               payload: [0x31, 1, 2, 3], interfaceIndex: pair.aIndex)])

        // Unicast to the peer's global address, with a per-packet global source.
        try a.send([0x31, 5], to: VethPair6.bAddress, from: VethPair6.aAddress)
        let unicast = try #require(try Self.next(b))
        #expect(unicast == ReceivedAdvertisement6(source: VethPair6.aAddress, destination: VethPair6.bAddress, hopLimit: 255,
                                                  payload: [0x31, 5], interfaceIndex: pair.bIndex))
        // Unicast back to a's link-local address (scope = the interface), default source.
        try b.send([0x31, 6], to: pair.aLinkLocal)
        let back = try #require(try Self.next(a))
        #expect(back == ReceivedAdvertisement6(source: pair.bLinkLocal, destination: pair.aLinkLocal, hopLimit: 255,
                                               payload: [0x31, 6], interfaceIndex: pair.aIndex))

        // Neither sender saw its own multicast.
        #expect(!waitReadable(a.fileDescriptor, milliseconds: 100))
        #expect(!waitReadable(b.fileDescriptor, milliseconds: 100))
        #expect(try a.receive() == nil && b.receive() == nil)
        #expect(a.malformedCount == 0 && b.malformedCount == 0)

        a.close()
        a.close()
        #expect(a.fileDescriptor == -1)
        b.close()
    }

    /// The hop limit is what the sender's socket set, not a constant: 64 is observed as 64, so the
    /// daemon's 255 check (RFC 9568 §7.1) would see an off-link or misconfigured sender.
    @Test func hopLimitIsReportedAsSent() throws {
        let pair = try VethPair6("hop6")
        defer { pair.remove() }
        let a = try Self.open(pair.a, "va", source: pair.aLinkLocal)
        let b = try Self.open(pair.b, "vb", source: pair.bLinkLocal)
        let ipv6 = Int32(IPPROTO_IPV6)
        try setSocketOption(a.fileDescriptor, ipv6, IPV6_MULTICAST_HOPS, Int32(64), name: "IPV6_MULTICAST_HOPS")
        try setSocketOption(a.fileDescriptor, ipv6, IPV6_UNICAST_HOPS, Int32(64), name: "IPV6_UNICAST_HOPS")
        try a.send([0x31, 1], to: .vrrpMulticastGroup)
        #expect(try Self.next(b)?.hopLimit == 64)
        try a.send([0x31, 2], to: VethPair6.bAddress)
        #expect(try Self.next(b)?.hopLimit == 64)
    }

    /// Without membership nothing multicast arrives, unicast still does; a late join works; a
    /// source that is not ours is refused with the call named.
    @Test func membershipAndBadSource() throws {
        let pair = try VethPair6("mem6")
        defer { pair.remove() }
        let a = try Self.open(pair.a, "va", source: pair.aLinkLocal)
        let b = try Self.open(pair.b, "vb", source: pair.bLinkLocal, join: false)
        try a.send([0x31, 1], to: .vrrpMulticastGroup)
        #expect(!waitReadable(b.fileDescriptor, milliseconds: 200))
        try b.joinMulticastGroup()
        try b.joinMulticastGroup()
        try a.send([0x31, 2], to: .vrrpMulticastGroup)
        #expect(try Self.next(b)?.payload == [0x31, 2])

        // Linux answers EINVAL for a source that is not assigned (ip6_datagram_send_ctl).
        #expect { try a.send([1], to: .vrrpMulticastGroup, from: IPv6Address("2001:db8::99")!) } throws: { error in
            (error as? SystemCallError)?.call == "sendmsg"
        }
    }

    @Test func badInterfaceIsATypedError() throws {
        let ns = try TestNamespace("adv6bad")
        defer { ns.remove() }
        try ns.enter { () -> Void in
            #expect {
                _ = try AdvertSocket6(interfaceName: "nosuchif0", interfaceIndex: 999, sourceAddress: nil, joinMulticast: true)
            } throws: { error in
                (error as? SystemCallError)?.call == "setsockopt(SO_BINDTODEVICE)" && (error as? SystemCallError)?.errno == ENODEV
            }
        }
    }
}

struct IPv6InterfaceHelperTests {
    @Test func linkLocalSkipsTentativeAndForwardingFlagIsRead() throws {
        let ns = try TestNamespace("ll6")
        defer { ns.remove() }
        try ns.ip("link", "add", "ka", "type", "veth", "peer", "name", "kb")  // left down: no automatic link-local
        try ns.ip("addr", "add", "2001:db8::7/64", "dev", "ka", "nodad")
        try ns.ip("addr", "add", "fe80::7/64", "dev", "ka")         // DAD on: tentative while the link is down
        try ns.enter { () -> Void in
            let index = try #require(NetworkInterface.index(named: "ka"))
            #expect(try NetworkInterface.linkLocalIPv6Address(interfaceIndex: index) == nil)
            #expect(try NetworkInterface.isIPv6ForwardingEnabled(interfaceName: "ka") == false)
            #expect(throws: SystemCallError.self) { try NetworkInterface.isIPv6ForwardingEnabled(interfaceName: "nosuch0") }
            #expect(throws: SystemCallError.self) { try NetworkInterface.isIPv6ForwardingEnabled(interfaceName: "../all") }
        }
        try ns.ip("addr", "del", "fe80::7/64", "dev", "ka")
        try ns.ip("addr", "add", "fe80::7/64", "dev", "ka", "nodad")
        try run("/usr/sbin/ip", ["netns", "exec", ns.name, "sysctl", "-qw", "net.ipv6.conf.ka.forwarding=1"])
        try ns.enter { () -> Void in
            let index = try #require(NetworkInterface.index(named: "ka"))
            #expect(try NetworkInterface.linkLocalIPv6Address(interfaceIndex: index) == IPv6Address("fe80::7"))
            #expect(try NetworkInterface.isIPv6ForwardingEnabled(interfaceName: "ka") == true)
            #expect(try NetworkInterface.linkLocalIPv6Address(interfaceIndex: 99_999) == nil)
        }
    }
}

extension AdvertSocket6NamespaceTests {
    /// The checksum design end to end: the sender computes the pseudo-header checksum in userspace
    /// with the source it passes to `send`, the receiver verifies it with the source and destination
    /// `receive()` reports; a packet with a bad checksum still reaches userspace (no IPV6_CHECKSUM),
    /// where decoding names it.
    @Test func userspaceChecksumEndToEnd() throws {
        let pair = try VethPair6("sum6")
        defer { pair.remove() }
        let a = try Self.open(pair.a, "va", source: pair.aLinkLocal)
        let b = try Self.open(pair.b, "vb", source: pair.bLinkLocal)
        let advert = Advertisement(version: .v3, virtualRouterID: 61, priority: 200, intervalCentiseconds: 100,
                                   addresses: [IPAddress("2001:db8::100")!])
        let good = advert.encoded(checksum: .pseudoHeader(source: .v6(pair.aLinkLocal), destination: .v6(.vrrpMulticastGroup)))
        try a.send(good, to: .vrrpMulticastGroup, from: pair.aLinkLocal)
        let received = try #require(try Self.next(b))
        let scope = ChecksumScope.pseudoHeader(source: .v6(received.source), destination: .v6(received.destination))
        #expect(try Advertisement(decoding: received.payload, family: .ipv6, checksum: scope) == advert)

        var bad = good
        bad[7] ^= 0xFF
        try a.send(bad, to: .vrrpMulticastGroup, from: pair.aLinkLocal)
        let corrupt = try #require(try Self.next(b))
        #expect(corrupt.payload == bad)
        #expect(throws: AdvertisementDecodeError.self) { try Advertisement(decoding: corrupt.payload, family: .ipv6, checksum: scope) }
    }
}
