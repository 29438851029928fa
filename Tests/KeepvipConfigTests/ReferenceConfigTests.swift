import Testing
import VRRPCore
@testable import KeepvipConfig

struct ReferenceConfigTests {
    static let text = """
        vrrp_instance loadbalancer1 {
            state MASTER
            interface ens5
            virtual_router_id 101
            priority 101
            advert_int 1
            authentication {
                auth_type PASS
                auth_pass passwordgoeshere
            }
            unicast_src_ip 192.0.2.11
            unicast_peer {
                192.0.2.12
            }
            virtual_ipaddress {
                192.0.2.200/24
            }
        }
        """

    @Test func parsesToTheExpectedModel() throws {
        let result = load(Self.text)
        #expect(result.errors.isEmpty)
        #expect(result.warningTexts == [
            "test.conf:9:19: warning: auth_pass is longer than 8 bytes and is truncated to 'password' "
                + "(keepalived does the same, so peers still match); shorten it to 8 characters to silence this",
        ])
        let configuration = try #require(result.configuration)
        #expect(configuration.globals.routerID == nil)
        #expect(configuration.globals.vrrpVersion == .v2)
        let instance = try #require(configuration.instances.first)
        #expect(configuration.instances.count == 1)
        #expect(instance.name == "loadbalancer1")
        #expect(instance.location == SourceLocation(file: "test.conf", line: 1, column: 1))
        #expect(instance.initialState == .master)
        #expect(instance.interface == "ens5")
        #expect(instance.interfaceLocation == SourceLocation(file: "test.conf", line: 3, column: 15))
        #expect(instance.virtualRouterID == 101)
        #expect(instance.priority == 101)
        #expect(instance.advertisementInterval == .seconds(1))
        #expect(instance.version == .v2)
        #expect(instance.family == .ipv4)
        #expect(instance.preempt)
        #expect(instance.preemptDelay == .zero)
        #expect(instance.authentication == .password(Array("password".utf8)))
        #expect(instance.unicastSourceAddress == IPAddress("192.0.2.11"))
        #expect(instance.multicastSourceAddress == nil)
        #expect(instance.unicastPeers == [IPAddress("192.0.2.12")!])
        #expect(instance.virtualAddresses.map(\.description) == ["192.0.2.200/24"])
        #expect(instance.virtualAddresses.first?.location == SourceLocation(file: "test.conf", line: 16, column: 9))
        #expect(instance.acceptMode == nil)
        #expect(instance.garpMasterDelay == .seconds(5))
        #expect(instance.garpMasterRepeat == 5)
    }
}
