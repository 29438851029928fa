import Testing
@testable import KeepvipConfig

/// Reload compares models: where a thing is written must not make it a different thing.
struct ModelEqualityTests {
    @Test func movingLinesIsNotAChange() throws {
        let original = load("""
            vrrp_script chk { script "/bin/true" }
            \(instance("    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n    track_script {\n        chk\n    }"))
            """)
        let moved = load("""


            vrrp_script chk {
                script "/bin/true"
            }
            \(instance("    virtual_ipaddress {\n        192.0.2.10/24\n    }\n\n    track_script {\n        chk\n    }\n    priority 100"))
            """)
        let before = try #require(original.configuration)
        let after = try #require(moved.configuration)
        #expect(before.instances[0].location.line != after.instances[0].location.line)
        #expect(before == after)
        #expect(before.hashValue == after.hashValue)
    }

    @Test func aChangedValueIsAChange() throws {
        let before = try #require(load(instance("    priority 100")).configuration)
        let after = try #require(load(instance("    priority 101")).configuration)
        #expect(before != after)
    }
}
