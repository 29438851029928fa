import KeepvipPeer
import Testing
import VRRPCore

@Suite struct PacketInspectorTests {
    static let source = IPAddress("192.0.2.13")!
    static let destination = IPAddress("192.0.2.11")!

    static func packet(priority: UInt8 = 150, password: String = "password", ttl: UInt8 = 255,
                       destination: IPAddress = destination, corrupt: Bool = false) -> ReceivedPacket {
        var message = Advertisement(version: .v2, virtualRouterID: 101, priority: priority, intervalCentiseconds: 100,
                                    addresses: [IPAddress("192.0.2.200")!],
                                    authentication: .simpleText(Array(password.utf8))).encoded()
        if corrupt { message[6] ^= 0xFF }
        return ReceivedPacket(source: source, destination: destination, hopLimit: ttl, payload: message)
    }

    @Test func withoutFlagsOnlyStructureCounts() {
        let inspector = PacketInspector(expectations: ListenExpectations())
        #expect(inspector.inspect(Self.packet()).verdict == .valid)
        guard case .dropped(.checksum, let detail) = inspector.inspect(Self.packet(corrupt: true)).verdict else {
            Issue.record("expected a checksum drop"); return
        }
        #expect(detail.hasPrefix("bad checksum 0x"))
    }

    @Test func multicastNeedsTTL255() {
        let inspector = PacketInspector(expectations: ListenExpectations())
        let packet = Self.packet(ttl: 64, destination: .v4(IPv4Address.vrrpMulticastGroup))
        #expect(inspector.inspect(packet).verdict == .dropped(.hopLimit, detail: "TTL 64, must be 255"))
    }

    @Test func flagsAddTheConfiguredChecks() {
        var expectations = ListenExpectations()
        expectations.virtualRouterID = 101
        expectations.authentication = .simpleText(Array("secret".utf8))
        let inspector = PacketInspector(expectations: expectations)
        guard case .dropped(.authentication, _) = inspector.inspect(Self.packet()).verdict else {
            Issue.record("expected an auth drop"); return
        }
        expectations.virtualRouterID = 7
        guard case .dropped(.unknownVirtualRouter, _) = PacketInspector(expectations: expectations).inspect(Self.packet()).verdict else {
            Issue.record("expected a vrid drop"); return
        }
        expectations = ListenExpectations()
        expectations.peers = [IPAddress("192.0.2.12")!]
        guard case .dropped(.unknownSource, _) = PacketInspector(expectations: expectations).inspect(Self.packet()).verdict else {
            Issue.record("expected a source drop"); return
        }
    }

    @Test func shortPacketIsShownAndDropped() {
        let packet = ReceivedPacket(source: Self.source, destination: Self.destination, hopLimit: 255, payload: [0x21, 101])
        let inspection = PacketInspector(expectations: ListenExpectations()).inspect(packet)
        #expect(inspection.header == nil)
        guard case .dropped(.length, _) = inspection.verdict else { Issue.record("\(inspection.verdict)"); return }
    }
}
