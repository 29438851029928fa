import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

struct RouteNetlinkParsingTests {
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func attribute(_ type: UInt16, _ value: [UInt8]) -> [UInt8] {
        let bytes = le16(UInt16(4 + value.count)) + le16(type) + value
        return bytes + [UInt8](repeating: 0, count: RouteNetlinkMessage.align(bytes.count) - bytes.count)
    }
    static func message(_ type: UInt16, _ body: [UInt8]) -> [UInt8] {
        le32(UInt32(16 + body.count)) + le16(type) + le16(0) + le32(0) + le32(0) + body
    }
    static let newLink = message(16, [0, 0] + le16(1) + le32(7) + le32(0x1 | 0x40 | 0x10000) + le32(0)
        + attribute(3, Array("eth7".utf8) + [0]) + attribute(1, [2, 0, 0, 0, 0, 1]))

    @Test func parsesLinkAndAddressMessages() {
        let address = Self.message(20, [2, 24, 0, 0] + Self.le32(7) + Self.attribute(1, [192, 0, 2, 9])
            + Self.attribute(2, [192, 0, 2, 1]) + Self.attribute(3, Array("eth7:a".utf8) + [0]))
        let messages = RouteNetlinkMessage.parse(ArraySlice(Self.newLink + address + Self.message(3, Self.le32(0))))
        #expect(messages == [
            .link(.init(isNew: true, index: 7, flags: 0x10041, name: "eth7", hardwareAddress: [2, 0, 0, 0, 0, 1])),
            .address(.init(isNew: true, address: .v4(IPv4Address(192, 0, 2, 1)), prefixLength: 24, interfaceIndex: 7,
                           scope: 0, label: "eth7:a")),
            .done(sequence: 0),
        ])
        let event = LinkEvent(RouteNetlinkMessage.Link(isNew: true, index: 7, flags: 0x1, name: "x", hardwareAddress: nil), kind: .added)
        #expect(event.isUp && !event.isRunning && !event.hasCarrier)
    }

    @Test func truncatedOrCorruptInputNeverTraps() {
        let bytes = Self.newLink
        for length in 0...bytes.count { _ = RouteNetlinkMessage.parse(ArraySlice(bytes.prefix(length))) }
        for index in bytes.indices {
            for value: UInt8 in [0, 1, 3, 0x7F, 0xFF] {
                var corrupt = bytes
                corrupt[index] = value
                _ = RouteNetlinkMessage.parse(ArraySlice(corrupt))
            }
        }
        #expect(RouteNetlinkMessage.parse(ArraySlice(bytes.prefix(20))).isEmpty)
    }
}

@Suite(.serialized)
struct LinkMonitorNamespaceTests {
    /// Collects events until `done` holds for the list or two seconds pass.
    func collect(_ monitor: LinkMonitor, until done: ([LinkMonitor.Event]) -> Bool) throws -> [LinkMonitor.Event] {
        var events: [LinkMonitor.Event] = []
        let deadline = MonotonicClock.now() + .seconds(2)
        while !done(events), MonotonicClock.now() < deadline {
            _ = waitReadable(monitor.fileDescriptor, milliseconds: 100)
            events += try monitor.drain()
        }
        return events
    }

    /// A veth created in the namespace is reported added by name; up/down show in isUp; an
    /// address add/remove is reported; deletion is reported as removed.
    @Test func reportsLinkLifecycleAndAddresses() throws {
        let ns = try TestNamespace("mon")
        defer { ns.remove() }
        let monitor = try ns.enter { try LinkMonitor() }
        defer { monitor.close() }
        #expect(try monitor.drain().isEmpty)

        try ns.ip("link", "add", "m0", "type", "veth", "peer", "name", "m1")
        var events = try collect(monitor) { $0.contains { if case .link(let l) = $0 { l.name == "m0" && l.kind == .added } else { false } } }
        let added = try #require(events.compactMap { if case .link(let l) = $0, l.name == "m0" { l } else { nil } }.first)
        #expect(added.kind == .added && !added.isUp && added.hardwareAddress?.count == 6)
        let index = added.interfaceIndex

        try ns.ip("link", "set", "m0", "up")
        try ns.ip("link", "set", "m1", "up")
        events = try collect(monitor) { $0.contains { if case .link(let l) = $0 { l.interfaceIndex == index && l.isRunning } else { false } } }
        let up = events.compactMap { if case .link(let l) = $0, l.interfaceIndex == index { l } else { nil } }
        #expect(up.contains { $0.kind == .changed && $0.isUp && $0.isRunning && $0.hasCarrier })

        try ns.ip("addr", "add", "198.51.100.5/24", "dev", "m0")
        try ns.ip("addr", "add", "2001:db8::5/64", "dev", "m0", "nodad")
        events = try collect(monitor) { $0.filter { if case .address = $0 { true } else { false } }.count >= 2 }
        #expect(events.contains(.address(AddressEvent(kind: .added, address: .v4(IPv4Address(198, 51, 100, 5)), prefixLength: 24,
                                                      interfaceIndex: index, label: "m0"))))
        #expect(events.contains(.address(AddressEvent(kind: .added, address: IPAddress("2001:db8::5")!, prefixLength: 64,
                                                      interfaceIndex: index, label: nil))))

        try ns.ip("link", "set", "m0", "down")
        events = try collect(monitor) { $0.contains { if case .link(let l) = $0 { l.interfaceIndex == index && !l.isUp } else { false } } }
        #expect(events.contains { if case .link(let l) = $0 { l.interfaceIndex == index && !l.isUp && !l.isRunning && l.kind == .changed } else { false } })
        // Down removes the IPv4 address? No: it stays; IPv6 addresses are flushed.
        #expect(events.contains(.address(AddressEvent(kind: .removed, address: IPAddress("2001:db8::5")!, prefixLength: 64,
                                                      interfaceIndex: index, label: nil))))

        try ns.ip("link", "del", "m0")
        events = try collect(monitor) { $0.contains { if case .link(let l) = $0 { l.interfaceIndex == index && l.kind == .removed } else { false } } }
        let removed = events.compactMap { if case .link(let l) = $0, l.kind == .removed { l } else { nil } }
        #expect(removed.contains { $0.interfaceIndex == index && $0.name == "m0" })
        #expect(removed.contains { $0.name == "m1" })  // the peer goes with it
    }
}
