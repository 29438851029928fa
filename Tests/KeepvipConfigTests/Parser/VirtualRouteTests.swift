import Testing
import VRRPCore
@testable import KeepvipConfig

struct VirtualRouteTests {
    func routes(_ lines: String) -> LoadResult {
        load(instance("    virtual_ipaddress {\n        192.0.2.200/24\n    }\n    virtual_routes {\n" + lines + "\n    }"))
    }

    func parsed(_ lines: String) throws -> [VirtualRoute] {
        let result = routes(lines)
        #expect(result.errors.isEmpty, "\(result.errorTexts)")
        return try #require(result.configuration?.instances.first?.virtualRoutes)
    }

    @Test func readsKeepalivedsRouteForms() throws {
        let list = try parsed("""
                    src 192.0.2.200 198.51.100.0/24 via 192.0.2.254 dev eth1
                    198.51.100.128/25 dev eth2 scope link
                    203.0.113.0/24 via 192.0.2.252 or 192.0.2.253
                    blackhole 198.51.100.1/32
                    0.0.0.0/0 gw 192.0.2.1 table 100
                    default gw 192.0.2.1 metric 50 onlink
                    src 2001:db8::200 to 2001:db8:1::/48 via 2001:db8::1 table main
            """)
        #expect(list.map(\.description) == [
            "198.51.100.0/24 via 192.0.2.254 dev eth1 src 192.0.2.200",
            "198.51.100.128/25 dev eth2 scope link",
            "203.0.113.0/24 via 192.0.2.252 or 192.0.2.253",
            "blackhole 198.51.100.1/32",
            "0.0.0.0/0 via 192.0.2.1 table 100",
            "0.0.0.0/0 via 192.0.2.1 metric 50 onlink",
            "2001:db8:1::/48 via 2001:db8::1 src 2001:db8::200 table 254",
        ])
        #expect(list[0].location == SourceLocation(file: "test.conf", line: 8, column: 9))
    }

    @Test func defaultTakesTheGatewaysFamily() throws {
        let list = try parsed("        default via 2001:db8::1 dev eth0")
        #expect(list.first?.destination == IPAddress("::"))
        #expect(list.first?.prefixLength == 0)
    }

    @Test func unimplementedOptionsAreIgnoredWithAWarning() throws {
        let result = routes("        198.51.100.0/24 via 192.0.2.1 mtu 1400 no_track")
        #expect(result.errors.isEmpty)
        #expect(result.warningTexts == [
            "test.conf:8:39: warning: route option 'mtu' is not implemented yet and is ignored",
            "test.conf:8:48: warning: route option 'no_track' is not implemented yet and is ignored",
        ])
        #expect(result.configuration?.instances.first?.virtualRoutes.first?.description == "198.51.100.0/24 via 192.0.2.1")
    }

    @Test func badRoutesAreRefusedAtTheirColumn() {
        #expect(routes("        198.51.100.1/24 via 192.0.2.1").errorTexts == [
            "test.conf:8:9: error: route destination '198.51.100.1/24' has host bits set; write '198.51.100.0/24'",
        ])
        #expect(routes("        198.51.100.0/24 via 2001:db8::1").errorTexts == [
            "test.conf:8:29: error: '2001:db8::1' is IPv6 but the route's destination is IPv4; use addresses of one family in a route",
        ])
        #expect(routes("        198.51.100.0/24").errorTexts == [
            "test.conf:8:9: error: route to 198.51.100.0/24 needs a gateway or an interface; add 'via ADDR' or 'dev IF'",
        ])
        #expect(routes("        via 192.0.2.1").errorTexts == [
            "test.conf:8:9: error: a route needs a destination; write e.g. '192.0.2.0/24 via 192.0.2.1' or 'default via 192.0.2.1'",
        ])
        #expect(routes("        198.51.100.0/24 or 192.0.2.1").errorTexts == [
            "test.conf:8:25: error: 'or' adds a gateway to a multipath route and must follow 'via ADDR'",
        ])
        #expect(routes("        198.51.100.0/24 via 192.0.2.1 colour blue").errorTexts.first?.hasPrefix(
            "test.conf:8:39: error: unknown route option 'colour'") == true)
        #expect(routes("        198.51.100.0/24 via 192.0.2.1 table rt2").errorTexts == [
            "test.conf:8:45: error: table 'rt2' is not a number; use a number from 1 to 4294967295",
        ])
        #expect(routes("        198.51.100.0/24 via").errorTexts == [
            "test.conf:8:25: error: 'via' needs a value in a route; e.g. 'via 192.0.2.1'",
        ])
    }

    @Test func masksAddressesOfBothFamilies() {
        #expect(IPAddress("192.0.2.77")!.masked(to: 26) == IPAddress("192.0.2.64"))
        #expect(IPAddress("192.0.2.77")!.masked(to: 0) == IPAddress("0.0.0.0"))
        #expect(IPAddress("2001:db8:ffff::1")!.masked(to: 36) == IPAddress("2001:db8:f000::"))
        #expect(IPAddress("2001:db8::1")!.masked(to: 128) == IPAddress("2001:db8::1"))
    }
}

struct VirtualRuleTests {
    func rules(_ lines: String) -> LoadResult {
        load(instance("    virtual_ipaddress {\n        192.0.2.200/24\n    }\n    virtual_rules {\n" + lines + "\n    }"))
    }

    @Test func readsKeepalivedsRuleForms() throws {
        let result = rules("""
                    from 192.0.2.200/28 table 103
                    from all to 198.51.100.0/24 lookup main priority 100 fwmark 0x7/0xff
                    from 198.51.100.64/26 iif eth0 oif eth1 prohibit pref 5
                    to 2001:db8:1::/48 table 100
            """)
        #expect(result.errors.isEmpty, "\(result.errorTexts)")
        let list = try #require(result.configuration?.instances.first?.virtualRules)
        #expect(list.map(\.description) == [
            "from 192.0.2.200/28 lookup 103",
            "priority 100 from all to 198.51.100.0/24 fwmark 7/255 lookup 254",
            "priority 5 from 198.51.100.64/26 iif eth0 oif eth1 prohibit",
            "from all to 2001:db8:1::/48 lookup 100",
        ])
        #expect(list[3].family == .ipv6)
        #expect(list[0].location == SourceLocation(file: "test.conf", line: 8, column: 9))
    }

    @Test func notSkipsTheRuleAndOtherOptionsWarn() throws {
        let result = rules("        not from 192.0.2.200 table 100\n        from 192.0.2.200 table 100 tos 0x10")
        #expect(result.errors.isEmpty)
        #expect(result.warningTexts == [
            "test.conf:8:9: warning: 'not' (an inverted rule) is not implemented yet; this rule is skipped",
            "test.conf:9:36: warning: rule option 'tos' is not implemented yet and is ignored",
        ])
        #expect(result.configuration?.instances.first?.virtualRules.map(\.description) == ["from 192.0.2.200 lookup 100"])
    }

    @Test func badRulesAreRefusedAtTheirColumn() {
        #expect(rules("        from 192.0.2.200 to 2001:db8::/32 table 100").errorTexts == [
            "test.conf:8:29: error: '2001:db8::/32' is IPv6 but the rule's other prefix is IPv4; use one family in a rule",
        ])
        #expect(rules("        from 192.0.2.200 fwmark seven").errorTexts == [
            "test.conf:8:33: error: fwmark 'seven' is not a mark; write e.g. 'fwmark 7' or 'fwmark 0x7/0xff'",
        ])
        #expect(rules("        from 192.0.2.200 table").errorTexts == [
            "test.conf:8:26: error: 'table' needs a value in a rule; e.g. 'table 100'",
        ])
        #expect(rules("        from 192.0.2.200 colour blue").errorTexts.first?.hasPrefix(
            "test.conf:8:26: error: unknown rule option 'colour'") == true)
    }
}
