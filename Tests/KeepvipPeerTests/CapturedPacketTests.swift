import KeepvipPeer
import Testing
import VRRPCore

/// The IPv4 header `keepvip peer` writes for a given source, and the decoding of what `--listen` captures.
@Suite struct CapturedPacketTests {
    static let source = IPv4Address("192.0.2.50")!
    static let group = IPv4Address.vrrpMulticastGroup
    static let message = Advertisement(version: .v2, virtualRouterID: 101, priority: 150, intervalCentiseconds: 100,
                                       addresses: [.v4(IPv4Address("192.0.2.200")!)]).encoded()

    @Test func writesAVRRPHeaderWithTTL255AndAValidChecksum() {
        let packet = IPv4Header.packet(carrying: Self.message, from: Self.source, to: Self.group)
        #expect(packet.count == 20 + Self.message.count)
        #expect(packet[0] == 0x45)
        #expect(Int(packet[2]) << 8 | Int(packet[3]) == packet.count)
        #expect(packet[8] == 255)
        #expect(packet[9] == 112)
        #expect(Array(packet[12..<16]) == Self.source.networkBytes)
        #expect(Array(packet[16..<20]) == Self.group.networkBytes)
        #expect(packet[10] != 0 || packet[11] != 0)
        #expect(IPv4Header.checksum(packet[0..<20]) == 0)
        #expect(Array(packet[20...]) == Self.message)
    }

    @Test func checksumOfAHandComputedHeader() {
        // 0x4500 + 0x001c + 0x4000 + 0xff70 + 0xc000 + 0x0201 + 0xe000 + 0x0012 = 0x3_269f -> 0x26a2 -> ~ = 0xd95d
        let header: [UInt8] = [0x45, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x00, 0xff, 0x70, 0x00, 0x00,
                               0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00, 0x00, 0x12]
        #expect(IPv4Header.checksum(header[...]) == 0xD95D)
    }

    @Test func decodesWhatItWrote() throws {
        var packet = IPv4Header.packet(carrying: Self.message, from: Self.source, to: Self.group)
        packet += [0, 0, 0, 0] // Ethernet padding after the IP total length
        let decoded = try CapturedPacket.decode(etherType: 0x0800, bytes: packet)
        #expect(decoded == ReceivedPacket(source: .v4(Self.source), destination: .v4(Self.group), hopLimit: 255, payload: Self.message))
    }

    @Test func decodesIPv6() throws {
        let source = IPv6Address("fe80::50")!, destination = IPv6Address("2001:db8::11")!
        let payload: [UInt8] = [0x31, 7, 100, 0, 0, 100, 0, 0]
        var packet: [UInt8] = [0x60, 0, 0, 0, 0, UInt8(payload.count), 112, 254]
        packet += source.bytes + destination.bytes + payload
        let decoded = try CapturedPacket.decode(etherType: 0x86DD, bytes: packet)
        #expect(decoded == ReceivedPacket(source: .v6(source), destination: .v6(destination), hopLimit: 254, payload: payload))
    }

    @Test func refusesWhatIsNotAWholeVRRPPacket() {
        let good = IPv4Header.packet(carrying: Self.message, from: Self.source, to: Self.group)
        var badChecksum = good
        badChecksum[8] = 64 // TTL changed, checksum not
        var fragment = good
        fragment[7] = 1 // offset 8 bytes; the checksum made right again
        fragment[10] = 0
        fragment[11] = 0
        let sum = IPv4Header.checksum(fragment[0..<20])
        fragment[10] = UInt8(sum >> 8)
        fragment[11] = UInt8(sum & 0xFF)
        var tcp = IPv4Header(source: Self.source, destination: Self.group, payloadLength: 4, protocolNumber: 6).encoded()
        tcp += [1, 2, 3, 4]
        var longer = good
        longer[3] &+= 1
        let ipv6Short: [UInt8] = [0x60] + Array(repeating: 0, count: 20)
        #expect(throws: CapturedPacket.Malformation.badHeaderChecksum) { try CapturedPacket.decode(etherType: 0x0800, bytes: badChecksum) }
        #expect(throws: CapturedPacket.Malformation.fragment) { try CapturedPacket.decode(etherType: 0x0800, bytes: fragment) }
        #expect(throws: CapturedPacket.Malformation.notVRRP(protocolNumber: 6)) { try CapturedPacket.decode(etherType: 0x0800, bytes: tcp) }
        #expect(throws: CapturedPacket.Malformation.badLength(declared: good.count + 1, captured: good.count)) {
            try CapturedPacket.decode(etherType: 0x0800, bytes: longer)
        }
        #expect(throws: CapturedPacket.Malformation.shorterThanHeader(length: 10)) { try CapturedPacket.decode(etherType: 0x0800, bytes: Array(good[0..<10])) }
        #expect(throws: CapturedPacket.Malformation.wrongVersion(6)) { try CapturedPacket.decode(etherType: 0x0800, bytes: ipv6Short) }
        #expect(throws: CapturedPacket.Malformation.shorterThanHeader(length: 21)) { try CapturedPacket.decode(etherType: 0x86DD, bytes: ipv6Short) }
        #expect(throws: CapturedPacket.Malformation.unknownEtherType(0x0806)) { try CapturedPacket.decode(etherType: 0x0806, bytes: good) }
    }
}
