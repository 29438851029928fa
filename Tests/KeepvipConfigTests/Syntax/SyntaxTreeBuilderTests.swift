import Testing
@testable import KeepvipConfig

struct SyntaxTreeBuilderTests {
    @Test func acceptsAllmanBracesAndOneLineBlocks() throws {
        let text = """
            vrrp_instance VI_1
            {
                interface eth0
                virtual_router_id 7
                virtual_ipaddress
                {
                    192.0.2.1
                }
                unicast_peer { 192.0.2.3 }
            }
            """
        let result = load(text)
        #expect(result.errors.isEmpty)
        let instance = try #require(result.configuration?.instances.first)
        #expect(instance.virtualAddresses.map(\.description) == ["192.0.2.1/32"])
        #expect(instance.unicastPeers.map(\.description) == ["192.0.2.3"])
    }

    @Test func reportsAnExtraClosingBrace() {
        let result = load(instance("") + "\n  }\n")
        #expect(result.errorTexts == ["test.conf:6:3: error: '}' has no matching '{'; remove it (or add the missing '{' earlier)"])
        #expect(result.configuration == nil)
    }

    @Test func reportsABlockLeftOpenAtTheEnd() {
        let result = load("global_defs {\n  router_id a\n}\nvrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 1")
        #expect(result.errorTexts == [
            "test.conf:6:22: error: 'vrrp_instance' block opened at test.conf:4:20 is not closed at the end of the file; "
                + "add the missing '}' for the block opened at test.conf:4:20",
        ])
    }

    @Test func reportsABraceWithoutKeyword() {
        let result = load("{\n}\n")
        #expect(result.errorTexts.first?.hasPrefix("test.conf:1:1: error: '{' does not follow a keyword") == true)
    }

    @Test func survivesDeepNesting() {
        let text = String(repeating: "a {\n", count: 500) + String(repeating: "}\n", count: 500)
        let result = load(text)
        #expect(result.hasErrors)
    }
}
