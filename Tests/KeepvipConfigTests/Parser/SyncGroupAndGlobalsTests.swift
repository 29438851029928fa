import Testing
@testable import KeepvipConfig

struct SyncGroupAndGlobalsTests {
    static func instances(_ names: [String]) -> String {
        names.enumerated().map { index, name in
            instance("    virtual_ipaddress {\n 192.0.2.\(index + 1)\n }", name: name)
                .replacingOccurrences(of: "virtual_router_id 51", with: "virtual_router_id \(51 + index)")
        }.joined(separator: "\n")
    }

    @Test func readsASyncGroup() throws {
        let text = """
            vrrp_sync_group VG_1 {
                group {
                    VI_1
                    VI_2 VI_3
                }
                notify_master "/usr/bin/notify group master"
                notify /usr/bin/notify
                track_interface {
                    eth9
                }
                sync_group_tracking_weight
            }
            """ + "\n" + Self.instances(["VI_1", "VI_2", "VI_3"])
        let result = load(text, executables: ["/usr/bin/notify"])
        #expect(result.diagnostics.isEmpty)
        let configuration = try #require(result.configuration)
        let group = try #require(configuration.syncGroups.first)
        #expect(group.name == "VG_1")
        #expect(group.location == SourceLocation(file: "test.conf", line: 1, column: 1))
        #expect(group.members == ["VI_1", "VI_2", "VI_3"])
        #expect(group.notify.master?.arguments == ["/usr/bin/notify", "group", "master"])
        #expect(group.notify.generic?.executablePath == "/usr/bin/notify")
        #expect(group.trackedInterfaces.map(\.name) == ["eth9"])
        #expect(group.keepsTrackingWeights)
        #expect(configuration.syncGroup(containing: "VI_2")?.name == "VG_1")
    }

    @Test func syncGroupProblems() {
        let text = """
            vrrp_sync_group A {
                group {
                    VI_1
                    ghost
                    VI_1
                }
                global_tracking
                notify_master_rx_lower_pri /usr/bin/notify
            }
            vrrp_sync_group B {
                group {
                    VI_1
                    VI_2
                }
            }
            vrrp_sync_group C {
                group {
                    nobody
                }
            }
            """ + "\n" + Self.instances(["VI_1", "VI_2"])
        let result = load(text, executables: ["/usr/bin/notify"])
        #expect(result.errorTexts == [
            "test.conf:10:1: error: vrrp_instance 'VI_1' is already in vrrp_sync_group 'A' (at test.conf:1:1); an instance "
                + "can be in one sync group only, remove it from vrrp_sync_group 'B'",
        ])
        #expect(result.warningTexts == [
            "test.conf:1:1: warning: vrrp_sync_group 'A' has only one member ('VI_1'); a sync group synchronises two or "
                + "more instances (keepalived keeps it anyway); add the other instances or remove the group",
            "test.conf:4:9: warning: vrrp_sync_group 'A' names no vrrp_instance 'ghost'; the member is dropped (as "
                + "keepalived does); correct the name or remove it",
            "test.conf:5:9: warning: 'VI_1' is already a member of vrrp_sync_group 'A' (at test.conf:3:9); remove the repeat",
            "test.conf:7:5: warning: 'global_tracking' is deprecated in keepalived; keepvip reads it as "
                + "'sync_group_tracking_weight' (members keep their tracking weights); write that instead, or move the "
                + "track_* blocks into the vrrp_sync_group",
            "test.conf:8:5: warning: skipped 'notify_master_rx_lower_pri': a keepalived keyword keepvip does not implement yet",
            "test.conf:16:1: warning: vrrp_sync_group 'C' has no member instance and is ignored; list instances in "
                + "'group { VI_1 VI_2 }'",
            "test.conf:18:9: warning: vrrp_sync_group 'C' names no vrrp_instance 'nobody'; the member is dropped (as "
                + "keepalived does); correct the name or remove it",
        ])
    }

    @Test func readsScriptAndFIFOGlobals() throws {
        let text = """
            global_defs {
                script_user keepalived_script scripts
                enable_script_security
                notify_fifo_script "/usr/bin/fifo-reader -v" root
                notify_fifo /run/keepalived.fifo root adm
                vrrp_notify_fifo /run/vrrp.fifo
            }
            """
        let result = load(text, executables: ["/usr/bin/fifo-reader"])
        #expect(result.diagnostics.isEmpty)
        let globals = try #require(result.configuration?.globals)
        #expect(globals.scriptUser == "keepalived_script")
        #expect(globals.scriptGroup == "scripts")
        #expect(globals.enablesScriptSecurity)
        #expect(globals.notifyFIFO?.path == "/run/keepalived.fifo")
        #expect(globals.notifyFIFO?.user == "root")
        #expect(globals.notifyFIFO?.group == "adm")
        #expect(globals.notifyFIFO?.script?.arguments == ["/usr/bin/fifo-reader", "-v"])
        #expect(globals.notifyFIFO?.script?.user == "root")
        #expect(globals.notifyFIFO?.script?.executablePath == "/usr/bin/fifo-reader")
        #expect(globals.vrrpNotifyFIFO?.path == "/run/vrrp.fifo")
        #expect(globals.vrrpNotifyFIFO?.script == nil)
    }

    @Test func aFIFOScriptNeedsItsFIFO() {
        let result = load("global_defs {\n    vrrp_notify_fifo_script /usr/bin/fifo-reader\n}", executables: ["/usr/bin/fifo-reader"])
        #expect(result.warningTexts == [
            "test.conf:2:5: warning: 'vrrp_notify_fifo_script' without 'vrrp_notify_fifo' is ignored; add "
                + "'vrrp_notify_fifo /run/keepalived/notify.fifo'",
        ])
    }

    @Test func garpDefaultsResolveOntoInstances() throws {
        let instance = try #require(load(Self.instances(["VI_1"])).configuration?.instances.first)
        #expect(instance.garpMasterDelay == .seconds(5))
        #expect(instance.garpMasterRepeat == 5)
        #expect(instance.garpMasterRefresh == .zero)
        #expect(instance.garpMasterRefreshRepeat == 1)
        #expect(instance.garpLowerPriorityDelay == .seconds(5))
        #expect(instance.garpLowerPriorityRepeat == 5)
        #expect(instance.garpInterval == .zero)
        #expect(instance.gnaInterval == .zero)
    }

    @Test func globalGarpSettingsApplyUnlessTheInstanceSetsItsOwn() throws {
        let text = """
            global_defs {
                vrrp_garp_master_delay 10
                vrrp_garp_master_repeat 3
                vrrp_garp_master_refresh 14400
                vrrp_garp_master_refresh_repeat 2
                vrrp_garp_interval 0.001
                vrrp_gna_interval 0.000001
            }
            """ + "\n" + Self.instances(["VI_1"]) + "\n" + instance("""
                garp_master_delay 1
                garp_master_repeat 2
                garp_master_refresh 60
                garp_master_refresh_repeat 4
                garp_lower_prio_delay 7
                garp_lower_prio_repeat 0
                virtual_ipaddress {
                    192.0.2.9
                }
            """, name: "VI_2").replacingOccurrences(of: "virtual_router_id 51", with: "virtual_router_id 60")
        let result = load(text)
        #expect(result.diagnostics.isEmpty)
        let instances = try #require(result.configuration?.instances)
        // VI_1 inherits: the lower-priority values default to the global master ones.
        #expect(instances[0].garpMasterDelay == .seconds(10))
        #expect(instances[0].garpMasterRepeat == 3)
        #expect(instances[0].garpMasterRefresh == .seconds(14400))
        #expect(instances[0].garpMasterRefreshRepeat == 2)
        #expect(instances[0].garpLowerPriorityDelay == .seconds(10))
        #expect(instances[0].garpLowerPriorityRepeat == 3)
        #expect(instances[0].garpInterval == .milliseconds(1))
        #expect(instances[0].gnaInterval == .microseconds(1))
        #expect(instances[1].garpMasterDelay == .seconds(1))
        #expect(instances[1].garpMasterRepeat == 2)
        #expect(instances[1].garpMasterRefresh == .seconds(60))
        #expect(instances[1].garpMasterRefreshRepeat == 4)
        #expect(instances[1].garpLowerPriorityDelay == .seconds(7))
        #expect(instances[1].garpLowerPriorityRepeat == 0)
        #expect(instances[1].garpInterval == .milliseconds(1))
    }

    @Test func globalLowerPriorityDefaults() throws {
        let text = "global_defs {\n    vrrp_garp_lower_prio_delay 2\n    vrrp_garp_lower_prio_repeat 1\n}\n" + Self.instances(["VI_1"])
        let instance = try #require(load(text).configuration?.instances.first)
        #expect(instance.garpLowerPriorityDelay == .seconds(2))
        #expect(instance.garpLowerPriorityRepeat == 1)
        #expect(instance.garpMasterDelay == .seconds(5))
    }

    @Test func garpLimits() {
        let text = """
            global_defs {
                vrrp_garp_master_refresh_repeat 0
                vrrp_garp_lower_prio_delay 5000
                vrrp_garp_interval 5000
                vrrp_garp_master_refresh -1
            }
            """
        let result = load(text)
        #expect(result.errorTexts == [
            "test.conf:3:32: error: vrrp_garp_lower_prio_delay 5000 is out of range 0-4294; use a number from 0 to 4294",
            "test.conf:4:24: error: vrrp_garp_interval 5000 is out of range 0-4294 seconds; use a number from 0 to 4294",
            "test.conf:5:30: error: vrrp_garp_master_refresh -1 is out of range 0-4294967295; use a number from 0 to 4294967295",
        ])
        #expect(result.warningTexts == [
            "test.conf:2:37: warning: vrrp_garp_master_refresh_repeat 0 is raised to 1 (as keepalived does); write "
                + "'vrrp_garp_master_refresh_repeat 1'",
        ])
    }
}
