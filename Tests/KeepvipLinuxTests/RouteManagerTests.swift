import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

@Suite(.serialized)
struct RouteManagerNamespaceTests {
    /// Add (again: already present), remove (again: was absent) for a gateway route with a source,
    /// a multipath route, a blackhole, a route in another table with a metric, an interface route
    /// and an IPv6 route, checked against `ip route`.
    @Test func addAndRemoveAgainstKernel() throws {
        let ns = try TestNamespace("route")
        defer { ns.remove() }
        try ns.ip("link", "add", "rm", "type", "veth", "peer", "name", "rn")
        try ns.ip("link", "set", "rm", "up")
        try ns.ip("link", "set", "rn", "up")
        try ns.ip("addr", "add", "192.0.2.11/24", "dev", "rm")
        try ns.ip("addr", "add", "2001:db8::11/64", "dev", "rm", "nodad")
        let (manager, index) = try ns.enter { (try RouteManager(), try #require(NetworkInterface.index(named: "rm"))) }
        func shown(_ arguments: String...) throws -> String { try run("/usr/sbin/ip", ["-n", ns.name] + arguments) }

        let viaGateway = KernelRoute(
            destination: IPAddress("198.51.100.0")!, prefixLength: 24, gateways: [IPAddress("192.0.2.1")!],
            source: IPAddress("192.0.2.11")!)
        #expect(try manager.add(viaGateway) == .added)
        #expect(try shown("route", "show", "198.51.100.0/24").contains("198.51.100.0/24 via 192.0.2.1 dev rm proto keepalived src 192.0.2.11"))
        #expect(try manager.add(viaGateway) == .alreadyPresent)

        let multipath = KernelRoute(
            destination: IPAddress("203.0.113.0")!, prefixLength: 24,
            gateways: [IPAddress("192.0.2.2")!, IPAddress("192.0.2.3")!])
        #expect(try manager.add(multipath) == .added)
        let hops = try shown("route", "show", "203.0.113.0/24")
        #expect(hops.contains("nexthop via 192.0.2.2") && hops.contains("nexthop via 192.0.2.3"))

        let blackhole = KernelRoute(destination: IPAddress("198.51.100.77")!, prefixLength: 32, kind: .blackhole)
        #expect(try manager.add(blackhole) == .added)
        #expect(try shown("route", "show", "type", "blackhole").contains("blackhole 198.51.100.77 proto keepalived"))

        let tabled = KernelRoute(
            destination: IPAddress("0.0.0.0")!, prefixLength: 0, gateways: [IPAddress("192.0.2.1")!], table: 100, metric: 50)
        #expect(try manager.add(tabled) == .added)
        #expect(try shown("route", "show", "table", "100").contains("default via 192.0.2.1 dev rm proto keepalived metric 50"))

        let onInterface = KernelRoute(destination: IPAddress("198.51.100.128")!, prefixLength: 25, interfaceIndex: index)
        #expect(try manager.add(onInterface) == .added)
        #expect(try shown("route", "show", "198.51.100.128/25").contains("dev rm proto keepalived scope link"))

        let six = KernelRoute(destination: IPAddress("2001:db8:1::")!, prefixLength: 48, gateways: [IPAddress("2001:db8::1")!])
        #expect(try manager.add(six) == .added)
        #expect(try shown("-6", "route", "show", "2001:db8:1::/48").contains("via 2001:db8::1 dev rm proto keepalived"))

        for route in [viaGateway, multipath, blackhole, tabled, onInterface, six] {
            #expect(try manager.remove(route) == .removed)
            #expect(try manager.remove(route) == .wasAbsent)
        }
        #expect(try !shown("route", "show", "proto", "keepalived").contains("via"))
        #expect(try shown("route", "show", "table", "100").isEmpty)
        #expect(try !shown("-6", "route", "show").contains("2001:db8:1::"))

        // An unreachable gateway is the kernel's error, named with the call.
        let unreachable = KernelRoute(destination: IPAddress("198.51.100.0")!, prefixLength: 24, gateways: [IPAddress("203.0.113.9")!])
        #expect(throws: NetlinkError.self) { try manager.add(unreachable) }
        do { try manager.add(unreachable) } catch { #expect(error.call == "rtnl_route_add") }
        // Mixed families never reach the kernel.
        #expect(throws: NetlinkError("rtnl_route_add", code: NetlinkError.invalid)) {
            try manager.add(KernelRoute(destination: IPAddress("198.51.100.0")!, prefixLength: 24, gateways: [IPAddress("2001:db8::1")!]))
        }
        manager.close()
    }
}
