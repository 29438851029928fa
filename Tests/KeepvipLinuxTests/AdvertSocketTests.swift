import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

struct AdvertParsingTests {
    /// A 20-byte header, protocol 112, TTL 255, 192.0.2.1 → 224.0.0.18, then `payload`.
    static func datagram(payload: [UInt8], ihl: UInt8 = 5, totalLength: Int? = nil, ttl: UInt8 = 255) -> [UInt8] {
        let headerLength = Int(ihl) * 4
        let total = totalLength ?? (max(headerLength, 20) + payload.count)
        var bytes: [UInt8] = [0x40 | ihl, 0xC0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0x40, 0,
                              ttl, 112, 0, 0, 192, 0, 2, 1, 224, 0, 0, 18]
        if headerLength > 20 { bytes += [UInt8](repeating: 1, count: headerLength - 20) }  // NOP options
        return bytes + payload
    }

    @Test func parsesHeaderAndPayload() throws {
        let result = ReceivedAdvertisement.parse(datagram: Self.datagram(payload: [0x21, 101, 100, 1]), interfaceIndex: 3)
        let advert = try result.get()
        #expect(advert.source == IPv4Address(192, 0, 2, 1))
        #expect(advert.destination == IPv4Address.vrrpMulticastGroup)
        #expect(advert.ttl == 255)
        #expect(advert.payload == [0x21, 101, 100, 1])
        #expect(advert.interfaceIndex == 3)
    }

    @Test func honoursIHLOptions() throws {
        let advert = try ReceivedAdvertisement.parse(datagram: Self.datagram(payload: [9, 8, 7], ihl: 6), interfaceIndex: 1).get()
        #expect(advert.payload == [9, 8, 7])
    }

    @Test func trimsToTotalLength() throws {
        let bytes = Self.datagram(payload: [1, 2, 3, 4], totalLength: 22)
        #expect(try ReceivedAdvertisement.parse(datagram: bytes, interfaceIndex: 1).get().payload == [1, 2])
    }

    @Test func rejectsMalformedHeadersWithoutTrapping() {
        typealias M = ReceivedAdvertisement.Malformation
        func parse(_ bytes: [UInt8]) -> M? {
            if case .failure(let reason) = ReceivedAdvertisement.parse(datagram: bytes, interfaceIndex: 1) { return reason }
            return nil
        }
        #expect(parse([]) == .shorterThanHeader(length: 0))
        #expect(parse(Array(Self.datagram(payload: []).prefix(19))) == .shorterThanHeader(length: 19))
        var v6 = Self.datagram(payload: [1])
        v6[0] = 0x65
        #expect(parse(v6) == .notIPv4(version: 6))
        #expect(parse(Self.datagram(payload: [1, 2], ihl: 4)) == .badHeaderLength(ihl: 4))
        var longIHL = Self.datagram(payload: [1, 2])
        longIHL[0] = 0x4F  // 60-byte header in a 22-byte datagram
        #expect(parse(longIHL) == .badHeaderLength(ihl: 15))
        #expect(parse(Self.datagram(payload: [1, 2], totalLength: 40)) == .badTotalLength(totalLength: 40, received: 22))
        #expect(parse(Self.datagram(payload: [1, 2], totalLength: 10)) == .badTotalLength(totalLength: 10, received: 22))
        var fragment = Self.datagram(payload: [1, 2])
        fragment[6] = 0x20  // more fragments
        #expect(parse(fragment) == .fragment)
        // Every prefix and every single-byte corruption of the header parses or fails, never traps.
        let good = Self.datagram(payload: [1, 2, 3, 4, 5, 6, 7, 8])
        for length in 0...good.count { _ = parse(Array(good.prefix(length))) }
        for index in 0..<20 {
            for value: UInt8 in [0, 0x0F, 0x45, 0x4F, 0xF0, 0xFF] {
                var bytes = good
                bytes[index] = value
                _ = parse(bytes)
            }
        }
    }
}

@Suite(.serialized)
struct AdvertSocketNamespaceTests {
    /// Two namespaces on a veth pair: unicast and multicast adverts arrive with the sender's source
    /// address, TTL 255, the right destination and interface; our own multicast is not looped back;
    /// the EventLoop dispatches the socket's readability.
    @Test func unicastAndMulticastBetweenNamespaces() throws {
        let pair = try VethPair("adv")
        defer { pair.remove() }
        let (sendSocket, aIndex) = try pair.a.enter {
            (try AdvertSocket(interfaceName: "va", interfaceIndex: Int32(if_nametoindex("va")),
                              sourceAddress: IPv4Address(192, 0, 2, 1), joinMulticast: true), Int32(if_nametoindex("va")))
        }
        let (receiveSocket, bIndex) = try pair.b.enter {
            (try AdvertSocket(interfaceName: "vb", interfaceIndex: Int32(if_nametoindex("vb")),
                              sourceAddress: IPv4Address(192, 0, 2, 2), joinMulticast: true), Int32(if_nametoindex("vb")))
        }
        #expect(aIndex > 0 && bIndex > 0)

        let payload: [UInt8] = [0x21, 101, 100, 1, 0, 1, 0, 0, 192, 0, 2, 200]
        try sendSocket.send(payload, to: .vrrpMulticastGroup)
        #expect(waitReadable(receiveSocket.fileDescriptor, milliseconds: 2000))
        let multicast = try #require(try receiveSocket.receive())
        #expect(multicast.source == IPv4Address(192, 0, 2, 1))
        #expect(multicast.destination == .vrrpMulticastGroup)
        #expect(multicast.ttl == 255)
        #expect(multicast.payload == payload)
        #expect(multicast.interfaceIndex == bIndex)
        #expect(try receiveSocket.receive() == nil)

        try sendSocket.send(payload + [1], to: IPv4Address(192, 0, 2, 2))
        #expect(waitReadable(receiveSocket.fileDescriptor, milliseconds: 2000))
        let unicast = try #require(try receiveSocket.receive())
        #expect(unicast.source == IPv4Address(192, 0, 2, 1))
        #expect(unicast.destination == IPv4Address(192, 0, 2, 2))
        #expect(unicast.ttl == 255)
        #expect(unicast.payload == payload + [1])

        // The other direction, dispatched by the event loop; the sender sees none of its own.
        let loop = try EventLoop()
        var got: [ReceivedAdvertisement] = []
        try loop.register(sendSocket.fileDescriptor) {
            while let advert = try? sendSocket.receive() { got.append(advert) }
            loop.stop()
        }
        loop.onWakeUp = { loop.stop() }
        loop.setWakeUp(at: MonotonicClock.now() + .seconds(2))
        try receiveSocket.send([0x21, 1, 2, 3], to: .vrrpMulticastGroup)
        try loop.run()
        #expect(got.map(\.source) == [IPv4Address(192, 0, 2, 2)])
        #expect(got.first?.payload == [0x21, 1, 2, 3])

        // No loopback of our own multicast.
        #expect(!waitReadable(receiveSocket.fileDescriptor, milliseconds: 100))
        #expect(try receiveSocket.receive() == nil)
        #expect(receiveSocket.malformedCount == 0)

        sendSocket.close()
        sendSocket.close()
        #expect(sendSocket.fileDescriptor == -1)
        receiveSocket.close()
    }

    @Test func badInterfaceIsATypedError() throws {
        let ns = try TestNamespace("advbad")
        defer { ns.remove() }
        try ns.enter { () -> Void in
            #expect {
                _ = try AdvertSocket(interfaceName: "nosuchif0", interfaceIndex: 999, sourceAddress: nil, joinMulticast: true)
            } throws: { error in
                (error as? SystemCallError)?.call == "setsockopt(SO_BINDTODEVICE)" && (error as? SystemCallError)?.errno == ENODEV
            }
        }
    }
}

extension AdvertSocketNamespaceTests {
    /// The source given at init is what goes on the wire even when it is not the interface's
    /// primary address (IP_PKTINFO), and a socket with a source still receives multicast.
    @Test func sourceAddressIsUsedWithoutBinding() throws {
        let pair = try VethPair("src")
        defer { pair.remove() }
        try pair.a.ip("addr", "add", "192.0.2.11/24", "dev", "va")
        let sender = try pair.a.enter {
            try AdvertSocket(interfaceName: "va", interfaceIndex: try #require(NetworkInterface.index(named: "va")),
                             sourceAddress: IPv4Address(192, 0, 2, 11), joinMulticast: true)
        }
        let receiver = try pair.b.enter {
            try AdvertSocket(interfaceName: "vb", interfaceIndex: try #require(NetworkInterface.index(named: "vb")),
                             sourceAddress: IPv4Address(192, 0, 2, 2), joinMulticast: false)
        }
        // Unicast to the receiver's address: no membership needed.
        try sender.send([0x31, 7], to: IPv4Address(192, 0, 2, 2))
        #expect(waitReadable(receiver.fileDescriptor, milliseconds: 2000))
        let advert = try #require(try receiver.receive())
        #expect(advert.source == IPv4Address(192, 0, 2, 11))
        #expect(advert.ttl == 255)

        // Multicast back to a sender that has a source address set.
        try receiver.send([0x31, 8], to: .vrrpMulticastGroup)
        #expect(waitReadable(sender.fileDescriptor, milliseconds: 2000))
        let back = try #require(try sender.receive())
        #expect(back.source == IPv4Address(192, 0, 2, 2))
        #expect(back.destination == .vrrpMulticastGroup)

        // A source that is not local is refused by the kernel, with the call named.
        let stray = try pair.a.enter {
            try AdvertSocket(interfaceName: "va", interfaceIndex: try #require(NetworkInterface.index(named: "va")),
                             sourceAddress: IPv4Address(198, 51, 100, 99), joinMulticast: false)
        }
        // Linux 6.18 answers ENETUNREACH ("sendmsg: Network is unreachable (errno 101)").
        #expect { try stray.send([1], to: IPv4Address(192, 0, 2, 2)) } throws: { ($0 as? SystemCallError)?.call == "sendmsg" }
    }
}
