import Testing
import VRRPCore
@testable import KeepvipConfig

struct InstanceParserTests {
    @Test func readsEveryKeyword() throws {
        let text = """
            global_defs {
                router_id lb1
                vrrp_version 3
            }
            vrrp_instance VI_6 {
                state BACKUP
                interface eth0
                virtual_router_id 42
                priority 150
                advert_int 0.5
                nopreempt
                preempt_delay 30
                native_ipv6
                mcast_src_ip fe80::1
                unicast_src_ip 2001:db8::1
                unicast_peer {
                    2001:db8::2
                    2001:db8::3
                }
                virtual_ipaddress {
                    fe80::10/64 dev eth0 scope link
                    2001:db8::10
                }
                accept
                garp_master_delay 2
                garp_master_repeat 3
            }
            """
        let result = load(text)
        #expect(result.diagnostics.isEmpty)
        let configuration = try #require(result.configuration)
        #expect(configuration.globals.routerID == "lb1")
        #expect(configuration.globals.vrrpVersion == .v3)
        let instance = try #require(configuration.instances.first)
        #expect(instance.initialState == .backup)
        #expect(instance.virtualRouterID == 42)
        #expect(instance.priority == 150)
        #expect(instance.advertisementInterval == .milliseconds(500))
        #expect(instance.version == .v3)
        #expect(instance.family == .ipv6)
        #expect(!instance.preempt)
        #expect(instance.preemptDelay == .seconds(30))
        #expect(instance.multicastSourceAddress == IPAddress("fe80::1"))
        #expect(instance.unicastSourceAddress == IPAddress("2001:db8::1"))
        #expect(instance.unicastPeers.map(\.description) == ["2001:db8::2", "2001:db8::3"])
        #expect(instance.virtualAddresses.map(\.description) == ["fe80::10/64 dev eth0 scope link", "2001:db8::10/128"])
        #expect(instance.acceptMode == true)
        #expect(instance.garpMasterDelay == .seconds(2))
        #expect(instance.garpMasterRepeat == 3)
        #expect(instance.usesUnicast)
    }

    @Test func fillsKeepalivedDefaults() throws {
        let instance = try #require(load(instance("    virtual_ipaddress {\n 192.0.2.1\n }")).configuration?.instances.first)
        #expect(instance.initialState == .backup)
        #expect(instance.priority == 100)
        #expect(instance.advertisementInterval == .seconds(1))
        #expect(instance.version == .v2)
        #expect(instance.family == .ipv4)
        #expect(instance.preempt)
        #expect(instance.preemptDelay == .zero)
        #expect(instance.authentication == nil)
        #expect(instance.acceptMode == nil)
        #expect(instance.garpMasterDelay == .seconds(5))
        #expect(instance.garpMasterRepeat == 5)
    }

    @Test func noAcceptAndVersionPerInstance() throws {
        let instance = try #require(load(instance("    no_accept\n    version 3\n    advert_int 0.01\n    virtual_ipaddress {\n 192.0.2.1\n }")).configuration?.instances.first)
        #expect(instance.acceptMode == false)
        #expect(instance.version == .v3)
        #expect(instance.advertisementInterval == .milliseconds(10))
    }

    @Test(arguments: [
        ("virtual_router_id 0", "test.conf:7:23: error: virtual_router_id 0 is out of range 1-255; use a number from 1 to 255"),
        ("virtual_router_id 256", "test.conf:7:23: error: virtual_router_id 256 is out of range 1-255; use a number from 1 to 255"),
        ("priority 0", "test.conf:7:14: error: priority 0 is out of range 1-255; use a number from 1 to 255"),
        ("priority 256", "test.conf:7:14: error: priority 256 is out of range 1-255; use a number from 1 to 255"),
        ("priority high", "test.conf:7:14: error: priority 'high' is not a number; use a number from 1 to 255"),
        ("priority 100,主从要不一致",
         "test.conf:7:17: error: unexpected text ',主从要不一致' after the number in 'priority 100,主从要不一致'; "
            + "write the number alone, e.g. 'priority 100', and put comments after '#'"),
        ("priority", "test.conf:7:5: error: 'priority' needs a value; write e.g. 'priority 100'"),
        ("advert_int 300", "test.conf:7:16: error: advert_int 300 is out of range for VRRPv2; use 1 to 255 seconds"),
        ("advert_int 1s", "test.conf:7:17: error: unexpected text 's' after the time in 'advert_int 1s'; write the seconds alone, e.g. 'advert_int 1'"),
        ("version 4", "test.conf:7:13: error: version 4 is out of range 2-3; use a number from 2 to 3"),
        ("garp_master_repeat 0", "test.conf:7:24: error: garp_master_repeat 0 is out of range 1-255; use a number from 1 to 255"),
        ("unicast_src_ip 192.0.2.300", "test.conf:7:20: error: '192.0.2.300' is not an IP address (unicast_src_ip); write an IPv4 address like 192.0.2.10 or an IPv6 address like 2001:db8::10"),
        ("interface averyveryverylongname", "test.conf:7:15: error: 'averyveryverylongname' is not a valid interface name (interface); Linux names are 1-15 characters without '/'"),
        ("authentication {\n auth_type AH\n auth_pass x\n }",
         "test.conf:8:12: error: remove 'auth_type AH': keepvip supports PASS only (IPsec AH authentication is not implemented); "
            + "use 'auth_type PASS' on all routers of this group, or no authentication block"),
        ("authentication {\n auth_pass x\n }", "test.conf:8:12: error: auth_pass without auth_type; add 'auth_type PASS' to the authentication block (or remove the block)"),
    ])
    func reportsErrorsAtTheirPosition(line: String, expected: String) {
        let text = instance("    virtual_ipaddress {\n 192.0.2.1\n }\n    " + line)
        let result = load(text)
        #expect(result.errorTexts == [expected])
        #expect(result.configuration == nil)
    }

    @Test func truncatesLongPasswordsWithAWarning() throws {
        let result = load(instance("    authentication {\n        auth_type PASS\n        auth_pass 123456789\n    }\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(result.warningTexts == [
            "test.conf:6:19: warning: auth_pass is longer than 8 bytes and is truncated to '12345678' "
                + "(keepalived does the same, so peers still match); shorten it to 8 characters to silence this",
        ])
        #expect(result.configuration?.instances.first?.authentication == .password(Array("12345678".utf8)))
    }

    @Test func treatsAnUnknownStateAsBackup() throws {
        let result = load(instance("    state SLAVE\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(result.warningTexts == [
            "test.conf:4:11: warning: unknown state 'SLAVE'; keepvip starts as BACKUP (as keepalived does); write 'state MASTER' or 'state BACKUP'",
        ])
        #expect(result.configuration?.instances.first?.initialState == .backup)
    }

    @Test func roundsSubSecondVersion2IntervalsWithAWarning() throws {
        let result = load(instance("    advert_int 0.4\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(result.warningTexts == [
            "test.conf:4:16: warning: VRRPv2 advertises in whole seconds; advert_int 0.4 is rounded to 1 (as keepalived does); "
                + "write 'advert_int 1', or use 'version 3' for sub-second adverts",
        ])
        #expect(result.configuration?.instances.first?.advertisementInterval == .seconds(1))
        let rounded = load(instance("    advert_int 2.6\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(rounded.configuration?.instances.first?.advertisementInterval == .seconds(3))
    }

    @Test func checksVersion3IntervalRangeAndSteps() throws {
        let tooLong = load(instance("    version 3\n    advert_int 41\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(tooLong.errorTexts == ["test.conf:5:16: error: advert_int 41 is out of range for VRRPv3; use 0.01 to 40.95 seconds"])
        let odd = load(instance("    version 3\n    advert_int 0.125\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(odd.warningTexts.count == 1)
        #expect(odd.configuration?.instances.first?.advertisementInterval == .milliseconds(130))
    }

    @Test func nopreemptIsClearedForMasterLikeKeepalived() throws {
        let result = load(instance("    state MASTER\n    nopreempt\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(result.warnings.count == 1)
        #expect(result.configuration?.instances.first?.preempt == true)
    }

    @Test func warnsWithoutVirtualAddresses() {
        let result = load(instance(""))
        #expect(result.errors.isEmpty)
        #expect(result.warningTexts == [
            "test.conf:1:1: warning: vrrp_instance 'VI_1' has no virtual_ipaddress; it will take part in elections but move no address",
        ])
    }

    @Test func requiresInterfaceAndRouterID() {
        let result = load("vrrp_instance X {\n priority 1\n}\nvrrp_instance Y {\n interface eth0\n}")
        #expect(result.errorTexts == [
            "test.conf:1:1: error: vrrp_instance 'X' has no 'interface'; add e.g. 'interface eth0'",
            "test.conf:4:1: error: vrrp_instance 'Y' has no 'virtual_router_id'; add 'virtual_router_id N' (1-255, the same on every router of the group)",
        ])
    }

    @Test func ipv6InstancesUseVersion3() throws {
        let result = load(instance("    version 2\n    virtual_ipaddress {\n fe80::1\n 2001:db8::1\n }"))
        #expect(result.warnings.count == 1)
        #expect(result.configuration?.instances.first?.version == .v3)
        #expect(result.configuration?.instances.first?.family == .ipv6)
    }

    // RFC 9568 §5.2.9: IPv6 adverts list a link-local virtual address first; none configured warns.
    @Test func ipv6WithoutLinkLocalWarns() throws {
        let result = load(instance("    virtual_ipaddress {\n 2001:db8::1\n }"))
        #expect(result.warningTexts == [
            "test.conf:1:1: warning: vrrp_instance 'VI_1' has no link-local virtual address; RFC 9568 §5.2.9 lists one first in IPv6 adverts (keepalived does not insist either); add e.g. 'fe80::1/64' to virtual_ipaddress",
        ])
    }

    @Test func refusesMixedFamilies() {
        let result = load(instance("    virtual_ipaddress {\n        192.0.2.1\n        2001:db8::1\n    }"))
        #expect(result.errorTexts == [
            "test.conf:6:9: error: virtual_ipaddress mixes IPv4 and IPv6: 2001:db8::1 is IPv6 but vrrp_instance 'VI_1' is IPv4 "
                + "(from the first virtual address 192.0.2.1 at test.conf:5:9); move the IPv6 addresses to their own "
                + "vrrp_instance (it may reuse virtual_router_id 51)",
        ])
    }

    @Test func refusesAPeerOfTheOtherFamily() {
        let result = load(instance("    unicast_peer {\n        2001:db8::1\n    }\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(result.errors.count == 1)
        #expect(result.errorTexts.first?.hasPrefix("test.conf:5:9: error: unicast_peer 2001:db8::1 is IPv6") == true)
    }

    @Test func warnsAboutRepeatedKeywords() throws {
        let result = load(instance("    priority 10\n    priority 20\n    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(result.warningTexts == [
            "test.conf:5:5: warning: 'priority' is given again (first at test.conf:4:5); this later value wins, remove one of them",
        ])
        #expect(result.configuration?.instances.first?.priority == 20)
    }
}
