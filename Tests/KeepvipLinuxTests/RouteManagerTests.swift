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

    /// Rules: a source rule into a table, a destination rule with priority and fwmark, a blackhole
    /// rule, interface selectors and an IPv6 rule, checked against `ip rule`.
    @Test func rulesAgainstKernel() throws {
        let ns = try TestNamespace("rule")
        defer { ns.remove() }
        try ns.ip("link", "add", "rm", "type", "veth", "peer", "name", "rn")
        let manager = try ns.enter { try RouteManager() }
        func shown(_ arguments: String...) throws -> String { try run("/usr/sbin/ip", ["-n", ns.name] + arguments) }

        let fromVIP = KernelRule(family: .ipv4, source: (IPAddress("192.0.2.200")!, 32), table: 100)
        #expect(try manager.add(fromVIP) == .added)
        #expect(try shown("rule", "show").contains("from 192.0.2.200 lookup 100 proto keepalived"))
        // Without a priority the kernel numbers each copy anew, so a second add is a second rule
        // (as with `ip rule add`); with one, it is the same rule.
        #expect(try manager.add(fromVIP) == .added)
        #expect(try manager.remove(fromVIP) == .removed)

        let marked = KernelRule(family: .ipv4, destination: (IPAddress("198.51.100.0")!, 24), table: 101, priority: 1000,
                                firewallMark: 7, firewallMask: 0xff)
        #expect(try manager.add(marked) == .added)
        #expect(try manager.add(marked) == .alreadyPresent)
        #expect(try shown("rule", "show").contains("1000:\tfrom all to 198.51.100.0/24 fwmark 0x7/0xff lookup 101 proto keepalived"))

        let blackhole = KernelRule(family: .ipv4, source: (IPAddress("198.51.100.64")!, 26), action: .blackhole, priority: 1001)
        #expect(try manager.add(blackhole) == .added)
        #expect(try shown("rule", "show").contains("1001:\tfrom 198.51.100.64/26 blackhole proto keepalived"))

        let interfaces = KernelRule(family: .ipv4, table: 102, priority: 1002, inputInterface: "lo", outputInterface: "rm")
        #expect(try manager.add(interfaces) == .added)
        #expect(try shown("rule", "show").contains("1002:\tfrom all iif lo oif rm lookup 102 proto keepalived"))

        let six = KernelRule(family: .ipv6, source: (IPAddress("2001:db8::200")!, 128), table: 100)
        #expect(try manager.add(six) == .added)
        #expect(try shown("-6", "rule", "show").contains("from 2001:db8::200 lookup 100 proto keepalived"))

        for rule in [fromVIP, marked, blackhole, interfaces, six] {
            #expect(try manager.remove(rule) == .removed)
            #expect(try manager.remove(rule) == .wasAbsent)
        }
        #expect(try !shown("rule", "show").contains("keepalived"))
        #expect(try !shown("-6", "rule", "show").contains("keepalived"))
        #expect(throws: NetlinkError("rtnl_rule_add", code: NetlinkError.invalid)) {
            try manager.add(KernelRule(family: .ipv4, source: (IPAddress("2001:db8::1")!, 128)))
        }
        manager.close()
    }
}
