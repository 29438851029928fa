import Testing
@testable import KeepvipConfig

/// The reload plan: instances matched as keepalived's `vrrp_exist()` does, and what changed in words.
struct ConfigurationDiffTests {
    func configuration(_ text: String) throws -> Configuration {
        let result = load(text)
        #expect(result.errors.isEmpty, "\(result.errorTexts)")
        return try #require(result.configuration)
    }

    func block(_ name: String, vrid: Int, _ body: String = "", interface: String = "eth0") -> String {
        """
        vrrp_instance \(name) {
            interface \(interface)
            virtual_router_id \(vrid)
            virtual_ipaddress {
                192.0.2.\(vrid)/24
            }
        \(body)
        }

        """
    }

    @Test func identicalFilesChangeNothing() throws {
        let old = try configuration(block("VI_1", vrid: 1) + block("VI_2", vrid: 2))
        let diff = ConfigurationDiff(old: old, new: old)
        #expect(diff.isEmpty)
        #expect(diff.summary() == "2 unchanged, 0 changed, 0 added, 0 removed")
    }

    @Test func renameKeepsTheMatch() throws {
        let old = try configuration(block("VI_1", vrid: 1))
        let new = try configuration(block("web", vrid: 1))
        let diff = ConfigurationDiff(old: old, new: new)
        #expect(diff.changed.map(\.changes) == [["renamed from VI_1"]])
        #expect(diff.added.isEmpty && diff.removed.isEmpty)
    }

    @Test func summaryNamesEachChange() throws {
        let old = try configuration(block("VI_1", vrid: 1) + block("VI_2", vrid: 2, "    priority 100") + block("VI_3", vrid: 3))
        let new = try configuration(
            block("VI_1", vrid: 1)
                + block("VI_2", vrid: 2, "    priority 110\n    virtual_ipaddress {\n        192.0.2.200/24\n    }")
                + block("VI_5", vrid: 5)
        )
        let diff = ConfigurationDiff(old: old, new: new)
        #expect(diff.summary() == "1 unchanged, 1 changed (VI_2: priority 100→110, +1 VIP), 1 added (VI_5), 1 removed (VI_3)")
    }

    // A long list names a few and counts the rest.
    @Test func summaryListsAFew() throws {
        let old = try configuration((1...4).map { block("VI_\($0)", vrid: $0) }.joined())
        let new = try configuration((1...4).map { block("VI_\($0)", vrid: $0, "    priority 90") }.joined())
        #expect(ConfigurationDiff(old: old, new: new).summary(listing: 2)
            == "0 unchanged, 4 changed (VI_1: priority 100→90; VI_2: priority 100→90; and 2 more), 0 added, 0 removed")
    }

    // keepalived's vrrp_exist(): another interface, family, mode or source address is another router.
    @Test func identityDecidesTheMatch() throws {
        let old = try configuration(block("VI_1", vrid: 1))
        for other in [
            block("VI_1", vrid: 1, interface: "eth1"),
            block("VI_1", vrid: 1, "    unicast_peer {\n        192.0.2.250\n    }"),
            block("VI_1", vrid: 1, "    mcast_src_ip 192.0.2.9"),
            block("VI_1", vrid: 7),
        ] {
            let diff = ConfigurationDiff(old: old, new: try configuration(other))
            #expect(diff.matched.isEmpty)
            #expect(diff.added.count == 1 && diff.removed.count == 1)
        }
    }

    // A moved VIP is a change of both instances: one loses it, the other gains it.
    @Test func movedAddressChangesBoth() throws {
        let old = try configuration(block("A", vrid: 1, "    virtual_ipaddress {\n        198.51.100.7/24\n    }") + block("B", vrid: 2))
        let new = try configuration(block("A", vrid: 1) + block("B", vrid: 2, "    virtual_ipaddress {\n        198.51.100.7/24\n    }"))
        let diff = ConfigurationDiff(old: old, new: new)
        #expect(diff.changed.map(\.changes) == [["-1 VIP"], ["+1 VIP"]])
    }

    // A `vrrp_script` the instance tracks is part of it; moving lines is not a change.
    @Test func trackedScriptDefinitionIsAChange() throws {
        let script = { (interval: Int) in "vrrp_script chk {\n    script \"/bin/true\"\n    interval \(interval)\n}\n" }
        let tracking = "    track_script {\n        chk\n    }"
        let old = try configuration(script(2) + block("VI_1", vrid: 1, tracking))
        let moved = try configuration("\n\n" + script(2) + "\n\n" + block("VI_1", vrid: 1, "\n" + tracking))
        #expect(ConfigurationDiff(old: old, new: moved).isEmpty)
        let changed = try configuration(script(3) + block("VI_1", vrid: 1, tracking))
        #expect(ConfigurationDiff(old: old, new: changed).changed.map(\.changes) == [["vrrp_script chk"]])
    }

    @Test func syncGroupMembershipIsAChange() throws {
        let old = try configuration(block("VI_1", vrid: 1) + block("VI_2", vrid: 2))
        let new = try configuration(block("VI_1", vrid: 1) + block("VI_2", vrid: 2) + "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n")
        let diff = ConfigurationDiff(old: old, new: new)
        #expect(diff.changed.map(\.changes) == [["sync group none→G"], ["sync group none→G"]])
        #expect(diff.globalChanges == ["vrrp_sync_group"])
    }
}
