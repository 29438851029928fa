import Testing
@testable import KeepvipConfig

struct ValidationTests {
    static func pair(_ second: String) -> String {
        instance("    virtual_ipaddress {\n 192.0.2.1\n }", name: "A") + "\n" + second
    }

    @Test func refusesTheSameRouterIDTwiceOnOneInterface() {
        let result = load(Self.pair(instance("    virtual_ipaddress {\n 192.0.2.2\n }", name: "B")))
        #expect(result.errorTexts == [
            "test.conf:8:1: error: virtual_router_id 51 is already used for IPv4 on interface eth0 by vrrp_instance 'A' "
                + "at test.conf:1:1; give vrrp_instance 'B' a different virtual_router_id",
        ])
    }

    @Test func allowsTheSameRouterIDOncePerFamily() {
        let result = load(Self.pair(instance("    virtual_ipaddress {\n 2001:db8::2\n }", name: "B")))
        #expect(result.errors.isEmpty)
        #expect(result.configuration?.instances.count == 2)
    }

    @Test func allowsTheSameRouterIDOnAnotherInterface() {
        let other = instance("    virtual_ipaddress {\n 192.0.2.2\n }", name: "B").replacingOccurrences(of: "eth0", with: "eth1")
        #expect(load(Self.pair(other)).errors.isEmpty)
    }

    @Test func refusesDuplicateInstanceNames() {
        let second = instance("    virtual_ipaddress {\n 192.0.2.2\n }", name: "A").replacingOccurrences(of: "51", with: "52")
        #expect(load(Self.pair(second)).errorTexts == [
            "test.conf:8:1: error: vrrp_instance 'A' is defined twice (first at test.conf:1:1); rename one of them",
        ])
    }
}
