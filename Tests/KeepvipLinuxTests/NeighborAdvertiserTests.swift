import CKeepvipShim
import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

/// The ICMPv6 checksum over the RFC 8200 §8.1 pseudo-header (next header 58).
func icmpv6Checksum(_ message: [UInt8], source: IPv6Address, destination: IPv6Address) -> UInt16 {
    let length = message.count
    let bytes = source.bytes + destination.bytes + [0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0, 58]
        + message + (length % 2 == 1 ? [0] : [])
    var sum: UInt32 = 0
    for index in stride(from: 0, to: bytes.count, by: 2) { sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1]) }
    while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
    return ~UInt16(sum)
}

struct NeighborAdvertisementMessageTests {
    static let mac: [UInt8] = [0x1A, 0x4B, 0xF6, 0xF3, 0x08, 0xD3]
    static let target = IPv6Address("2001:db8::100")!

    /// Byte for byte the ICMPv6 message keepalived 2.2.7 sent for 2001:db8::100 from
    /// 1a:4b:f6:f3:08:d3 (tcpdump -xx on the peer; source 2001:db8::100, destination ff02::1,
    /// hop limit 255), with our zero checksum in place of the kernel's 0xdf1b — which the
    /// pseudo-header checksum of our message reproduces.
    @Test func matchesKeepalivedCapture() throws {
        let message = try #require(NeighborAdvertisement(target: Self.target, hardwareAddress: Self.mac)).encoded()
        let captured: [UInt8] = [
            0x88, 0x00, 0xDF, 0x1B, 0x20, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0D, 0xB8, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x01, 0x1A, 0x4B, 0xF6, 0xF3, 0x08, 0xD3,
        ]
        var expected = captured
        expected[2] = 0
        expected[3] = 0
        #expect(message == expected)
        #expect(icmpv6Checksum(message, source: Self.target, destination: NeighborAdvertisement.allNodes) == 0xDF1B)
    }

    @Test func flagsAndLayout() throws {
        let router = try #require(NeighborAdvertisement(target: Self.target, hardwareAddress: Self.mac, isRouter: true)).encoded()
        #expect(router.count == 32)
        #expect(router[0] == 136 && router[1] == 0)
        #expect(router[4...7] == [0xA0, 0, 0, 0])          // R and O
        #expect(Array(router[8..<24]) == Self.target.bytes)
        #expect(router[24...25] == [2, 1])
        #expect(Array(router[26...]) == Self.mac)
        let all = try #require(NeighborAdvertisement(target: Self.target, hardwareAddress: Self.mac, isRouter: true,
                                                     isSolicited: true, isOverride: true)).encoded()
        #expect(all[4] == 0xE0)
        let none = try #require(NeighborAdvertisement(target: Self.target, hardwareAddress: Self.mac, isOverride: false)).encoded()
        #expect(none[4] == 0)
        #expect(NeighborAdvertisement(target: Self.target, hardwareAddress: [1, 2, 3]) == nil)
    }
}

@Suite(.serialized)
struct NeighborAdvertiserNamespaceTests {
    struct Seen {
        var message: [UInt8]
        var source: IPv6Address
        var destination: IPv6Address
        var hopLimit: Int32
    }

    /// The Neighbor Advertisements for `target` a raw ICMPv6 socket in the peer saw within 2 s. The
    /// kernel verifies ICMPv6 checksums before raw delivery, so each one's checksum was right.
    static func neighborAdvertisements(on fd: Int32, for target: IPv6Address, count wanted: Int) -> [Seen] {
        var seen: [Seen] = []
        let deadline = MonotonicClock.now() + .seconds(2)
        while seen.count < wanted, MonotonicClock.now() < deadline {
            guard waitReadable(fd, milliseconds: 200) else { continue }
            var buffer = [UInt8](repeating: 0, count: 1500)
            var source = [UInt8](repeating: 0, count: 16), destination = [UInt8](repeating: 0, count: 16)
            var index: Int32 = 0, hops: Int32 = 0, truncated: Int32 = 0
            let count = kv_recv_ipv6_pktinfo(fd, &buffer, buffer.count, &source, &destination, &index, &hops, &truncated)
            guard count >= 24, buffer[0] == 136, Array(buffer[8..<24]) == target.bytes else { continue }
            seen.append(Seen(message: Array(buffer.prefix(count)), source: IPv6Address(networkBytes: source),
                             destination: IPv6Address(networkBytes: destination), hopLimit: hops))
        }
        return seen
    }

    @Test func peerSeesUnsolicitedAdvertisement() throws {
        let pair = try VethPair6("na6")
        defer { pair.remove() }
        try pair.a.ip("addr", "add", "2001:db8::100/64", "dev", "va", "nodad")   // the VIP, as AddressManager adds it
        let target = IPv6Address("2001:db8::100")!
        let mac = try macFromIP(pair.a, "va")
        let listener = try pair.b.enter { () -> Int32 in
            let fd = socket(AF_INET6, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_ICMPV6))
            try #require(fd >= 0)
            try setSocketOption(fd, Int32(IPPROTO_IPV6), IPV6_RECVHOPLIMIT, Int32(1), name: "IPV6_RECVHOPLIMIT")
            try setSocketOption(fd, Int32(IPPROTO_IPV6), IPV6_RECVPKTINFO, Int32(1), name: "IPV6_RECVPKTINFO")
            return fd
        }
        defer { close(listener) }
        let advertiser = try pair.a.enter {
            (try NeighborAdvertiser(interfaceName: "va", interfaceIndex: try #require(NetworkInterface.index(named: "va"))),
             try NetworkInterface.isIPv6ForwardingEnabled(interfaceName: "va"))
        }
        #expect(advertiser.1 == false)
        try advertiser.0.advertise(target, hardwareAddress: mac, isRouter: advertiser.1)
        try advertiser.0.advertise(target, hardwareAddress: mac, isRouter: true, from: pair.aLinkLocal)

        let seen = Self.neighborAdvertisements(on: listener, for: target, count: 2)
        try #require(seen.count == 2, "seen: \(seen.map(\.message))")
        let plain = try #require(NeighborAdvertisement(target: target, hardwareAddress: mac)).encoded()
        #expect(seen[0].message[0..<2] == plain[0..<2] && seen[0].message[4...] == plain[4...])
        #expect(seen[0].message[4] == 0x20)                                // Override only
        #expect(Array(seen[0].message[24...]) == [2, 1] + mac)             // Target Link-Layer Address
        #expect(seen[0].source == target)
        #expect(seen[0].destination == NeighborAdvertisement.allNodes)
        #expect(seen[0].hopLimit == 255)
        let checksum = UInt16(seen[0].message[2]) << 8 | UInt16(seen[0].message[3])
        #expect(checksum == icmpv6Checksum(plain, source: target, destination: NeighborAdvertisement.allNodes))
        #expect(seen[1].message[4] == 0xA0)                                // Router and Override
        #expect(seen[1].source == pair.aLinkLocal)
        #expect(seen[1].hopLimit == 255)

        #expect { try advertiser.0.advertise(target, hardwareAddress: [1]) } throws: { ($0 as? SystemCallError)?.errno == EINVAL }
        // A target that is not assigned is no source the kernel accepts.
        #expect { try advertiser.0.advertise(IPv6Address("2001:db8::99")!, hardwareAddress: mac) } throws: {
            ($0 as? SystemCallError)?.call == "sendmsg(ICMPv6)"
        }
        advertiser.0.close()
        advertiser.0.close()
        #expect(advertiser.0.fileDescriptor == -1)
    }
}
