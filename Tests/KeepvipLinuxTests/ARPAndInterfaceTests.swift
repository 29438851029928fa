import CKeepvipShim
import Foundation
import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

struct GratuitousARPFrameTests {
    /// Byte for byte what keepalived 2.2.7 sent for 192.0.2.200 from 6a:29:49:55:af:5f (tcpdump -xx).
    @Test func matchesKeepalivedCapture() throws {
        let mac: [UInt8] = [0x6A, 0x29, 0x49, 0x55, 0xAF, 0x5F]
        let frame = try #require(GratuitousARP(address: IPv4Address(192, 0, 2, 200), hardwareAddress: mac)).encoded()
        let captured: [UInt8] = [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x6A, 0x29, 0x49, 0x55, 0xAF, 0x5F, 0x08, 0x06, 0x00, 0x01,
            0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x6A, 0x29, 0x49, 0x55, 0xAF, 0x5F, 0xC0, 0x00, 0x02, 0xC8,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC0, 0x00, 0x02, 0xC8,
        ]
        #expect(frame == captured)
    }

    @Test func rejectsNonEthernetHardwareAddress() {
        #expect(GratuitousARP(address: IPv4Address(192, 0, 2, 1), hardwareAddress: [1, 2, 3]) == nil)
        #expect(GratuitousARP(address: IPv4Address(192, 0, 2, 1), hardwareAddress: []) == nil)
    }
}

/// Reads the MAC `ip` reports for an interface, e.g. "6a:29:49:55:af:5f".
func macFromIP(_ ns: TestNamespace, _ name: String) throws -> [UInt8] {
    let output = try ns.ip("-o", "link", "show", "dev", name)
    let field = try #require(output.components(separatedBy: "link/ether ").dropFirst().first?.split(separator: " ").first)
    return field.split(separator: ":").map { UInt8($0, radix: 16)! }
}

@Suite(.serialized)
struct ARPAndInterfaceNamespaceTests {
    /// The announcer's frame arrives on the peer, exactly as encoded, from va's MAC.
    @Test func gratuitousARPReachesPeer() throws {
        let pair = try VethPair("arp")
        defer { pair.remove() }
        let mac = try macFromIP(pair.a, "va")
        let listener = try pair.b.enter { kv_packet_socket(Int32(if_nametoindex("vb")), 0x0806) }
        #expect(listener >= 0)
        defer { close(listener) }
        let announcer = try pair.a.enter {
            let index = try #require(NetworkInterface.index(named: "va"))
            #expect(NetworkInterface.hardwareAddress(interfaceIndex: index) == mac)
            return try ARPAnnouncer(interfaceIndex: index)
        }
        try announcer.announce(IPv4Address(192, 0, 2, 200), hardwareAddress: mac)
        #expect(throws: SystemCallError.self) { try announcer.announce(IPv4Address(192, 0, 2, 200), hardwareAddress: [1]) }

        let expected = GratuitousARP(address: IPv4Address(192, 0, 2, 200), hardwareAddress: mac)!.encoded()
        var frames: [[UInt8]] = []
        let deadline = MonotonicClock.now() + .seconds(2)
        while !frames.contains(expected), MonotonicClock.now() < deadline {
            guard waitReadable(listener, milliseconds: 200) else { continue }
            var buffer = [UInt8](repeating: 0, count: 1600)
            let count = recv(listener, &buffer, buffer.count, 0)
            if count > 0 { frames.append(Array(buffer.prefix(count))) }
        }
        #expect(frames.contains(expected), "frames seen: \(frames)")
        announcer.close()
    }

    @Test func interfaceLookups() throws {
        let ns = try TestNamespace("ifl")
        defer { ns.remove() }
        try ns.ip("link", "add", "ka", "type", "veth", "peer", "name", "kb")
        try ns.ip("addr", "add", "192.0.2.1/24", "dev", "ka")
        try ns.ip("addr", "add", "198.51.100.7/25", "dev", "ka", "label", "ka:vip")
        try ns.ip("addr", "add", "2001:db8::7/64", "dev", "ka", "nodad")
        let mac = try macFromIP(ns, "ka")
        try ns.enter { () -> Void in
            let index = try #require(NetworkInterface.index(named: "ka"))
            #expect(Int32(if_nametoindex("ka")) == index)
            #expect(NetworkInterface.name(ofIndex: index) == "ka")
            #expect(NetworkInterface.index(named: "nosuch0") == nil)
            #expect(NetworkInterface.name(ofIndex: 99_999) == nil)
            #expect(NetworkInterface.hardwareAddress(named: "ka") == mac)
            #expect(NetworkInterface.hardwareAddress(interfaceIndex: index) == mac)
            #expect(NetworkInterface.hardwareAddress(named: "lo") == nil)  // not Ethernet
            #expect(NetworkInterface.hardwareAddress(named: "nosuch0") == nil)
            let v4 = try NetworkInterface.ipv4Addresses(interfaceIndex: index)
            #expect(v4.map(\.address) == [IPv4Address(192, 0, 2, 1), IPv4Address(198, 51, 100, 7)])
            #expect(v4.map(\.prefixLength) == [24, 25])
            let all = try NetworkInterface.addresses(interfaceIndex: index)
            #expect(all.contains { $0.address == IPAddress("2001:db8::7")! && $0.prefixLength == 64 })
            #expect(try NetworkInterface.ipv4Addresses(interfaceIndex: 99_999).isEmpty)
            let links = try NetworkInterface.links()
            #expect(Set(links.map(\.name)) == ["lo", "ka", "kb"])
        }
    }
}
