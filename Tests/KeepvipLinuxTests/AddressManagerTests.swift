import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

@Suite(.serialized)
struct AddressManagerNamespaceTests {
    @Test func errorDescriptionNamesCallAndLibnlText() {
        #expect(NetlinkError("rtnl_addr_add", code: -6).description == "rtnl_addr_add: Object exists (-6)")
        #expect(NetlinkError("rtnl_addr_add", code: 6).code == -6)
    }

    /// Add, list, add again (already present), remove, remove again (was absent), labels,
    /// broadcast, scope, IPv6 without DAD, and bad inputs, checked against `ip addr`.
    @Test func addListRemoveAgainstKernel() throws {
        let ns = try TestNamespace("addr")
        defer { ns.remove() }
        try ns.ip("link", "add", "am", "type", "veth", "peer", "name", "an")
        try ns.ip("link", "set", "am", "up")
        try ns.ip("link", "set", "an", "up")
        let (manager, index) = try ns.enter { (try AddressManager(), try #require(NetworkInterface.index(named: "am"))) }
        func shown() throws -> String { try ns.ip("-o", "addr", "show", "dev", "am") }

        let vip = IPAddress("192.0.2.200")!
        #expect(try manager.add(vip, prefixLength: 24, interfaceIndex: index) == .added)
        #expect(try shown().contains("inet 192.0.2.200/24"))
        #expect(try manager.addresses(onInterface: index).contains { $0.address == vip && $0.prefixLength == 24 })
        #expect(try manager.add(vip, prefixLength: 24, interfaceIndex: index) == .alreadyPresent)

        // Label, broadcast and scope reach the kernel.
        #expect(try manager.add(IPAddress("198.51.100.10")!, prefixLength: 24, interfaceIndex: index,
                                broadcast: IPv4Address(198, 51, 100, 255), scope: 254, label: "am:vip") == .added)
        let line = try #require(try shown().split(separator: "\n").first { $0.contains("198.51.100.10/24") })
        #expect(line.contains("brd 198.51.100.255"))
        #expect(line.contains("scope host"))
        #expect(line.contains("am:vip"))

        // IPv6 with IFA_F_NODAD: never tentative.
        let v6 = IPAddress("2001:db8::10")!
        #expect(try manager.add(v6, prefixLength: 64, interfaceIndex: index) == .added)
        let v6Line = try #require(try shown().split(separator: "\n").first { $0.contains("2001:db8::10/64") })
        #expect(!v6Line.contains("tentative"))
        #expect(try manager.add(v6, prefixLength: 64, interfaceIndex: index) == .alreadyPresent)

        // Remove, then remove again.
        #expect(try manager.remove(vip, prefixLength: 24, interfaceIndex: index) == .removed)
        #expect(try !shown().contains("192.0.2.200"))
        #expect(try manager.remove(vip, prefixLength: 24, interfaceIndex: index) == .wasAbsent)
        #expect(try manager.remove(v6, prefixLength: 64, interfaceIndex: index) == .removed)
        #expect(try manager.remove(v6, prefixLength: 64, interfaceIndex: index) == .wasAbsent)
        #expect(try manager.remove(IPAddress("198.51.100.10")!, prefixLength: 24, interfaceIndex: index) == .removed)
        #expect(try manager.addresses(onInterface: index).filter { if case .v4 = $0.address { true } else { false } }.isEmpty)

        // Present with another prefix length: an error, not "absent".
        #expect(try manager.add(vip, prefixLength: 32, interfaceIndex: index) == .added)
        #expect(throws: NetlinkError("rtnl_addr_delete", code: NetlinkError.noAddress)) {
            try manager.remove(vip, prefixLength: 24, interfaceIndex: index)
        }
        #expect(try manager.remove(vip, prefixLength: 32, interfaceIndex: index) == .removed)

        // Bad inputs.
        #expect(throws: NetlinkError("rtnl_addr_add", code: NetlinkError.invalid)) {
            try manager.add(vip, prefixLength: 33, interfaceIndex: index)
        }
        #expect(throws: NetlinkError("rtnl_addr_add", code: NetlinkError.invalid)) {
            try manager.add(vip, prefixLength: 24, interfaceIndex: 0)
        }
        #expect(throws: NetlinkError("rtnl_addr_set_label", code: NetlinkError.range)) {
            try manager.add(vip, prefixLength: 24, interfaceIndex: index, label: "am:sixteen-chars")
        }
        #expect(throws: NetlinkError("rtnl_addr_set_broadcast", code: NetlinkError.invalid)) {
            try manager.add(v6, prefixLength: 64, interfaceIndex: index, broadcast: IPv4Address(192, 0, 2, 255))
        }
        #expect(throws: NetlinkError("rtnl_addr_add", code: NetlinkError.noDevice)) {
            try manager.add(vip, prefixLength: 24, interfaceIndex: 99_999)
        }
        #expect(try !shown().contains("192.0.2.200"))
        manager.close()
        manager.close()
    }
}
