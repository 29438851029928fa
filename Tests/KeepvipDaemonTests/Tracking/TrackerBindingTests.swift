import KeepvipConfig
import Testing
import VRRPCore

@testable import KeepvipDaemon

@Suite struct TrackerBindingTests {
    private func configuration(_ text: String) throws -> Configuration {
        var files = InMemoryFileSystem()
        files.files["/k.conf"] = Array(text.utf8)
        files.install(executable: "/bin/check")
        let result = ConfigurationLoader(configID: "lb1", fileSystem: files).load(path: "/k.conf")
        return try #require(result.configuration, "\(result.diagnostics)")
    }

    private func instance(_ name: String, lines: String) -> String {
        """
        vrrp_instance \(name) {
            interface ens5
            virtual_router_id \(name == "A" ? 1 : 2)
            virtual_ipaddress {
                192.0.2.\(name == "A" ? 200 : 201)/24
            }
        \(lines)
        }

        """
    }

    @Test func ownInterfaceAndSourceAddressAlwaysFaultUnlessPrimaryIsNotTracked() throws {
        let config = try configuration(instance("A", lines: "") + instance("B", lines: "dont_track_primary"))
        #expect(config.instances[0].trackerBindings(in: config) == [
            TrackerBinding(.sourceAddress), TrackerBinding(.interface("ens5")),
        ])
        #expect(config.instances[1].trackerBindings(in: config) == [])
    }

    @Test func entryWeightOverridesTheScriptAndFileOwn() throws {
        let text = """
            vrrp_script chk {
                script "/bin/check"
                weight -20
            }
            vrrp_script chk2 {
                script "/bin/check"
                weight -20
            }
            vrrp_track_file flag {
                file /run/flag
                weight 3 reverse
            }
            """ + instance("A", lines: """
                track_interface {
                    eth1
                    eth2 weight -10
                }
                track_script {
                    chk
                    chk2 weight 5 reverse
                }
                track_file {
                    flag weight 2
                }
            """)
        let config = try configuration(text)
        #expect(Array(config.instances[0].trackerBindings(in: config).dropFirst(2)) == [
            TrackerBinding(.interface("eth1")),
            TrackerBinding(.interface("eth2"), weight: TrackingWeight(-10)),
            TrackerBinding(.script("chk"), weight: TrackingWeight(-20)),
            TrackerBinding(.script("chk2"), weight: TrackingWeight(5, reversed: true)),
            TrackerBinding(.file("flag"), weight: TrackingWeight(2, reversed: true)),
        ])
    }

    @Test func syncGroupMembersLoseTheirWeightsAndGainTheGroupTrackers() throws {
        let text = """
            vrrp_script chk {
                script "/bin/check"
                weight -20
            }
            vrrp_sync_group G {
                group {
                    A
                    B
                }
                track_interface {
                    eth9 weight -5
                }
            }
            """ + instance("A", lines: "track_script {\n        chk\n    }") + instance("B", lines: "")
        let config = try configuration(text)
        #expect(Array(config.instances[0].trackerBindings(in: config).dropFirst(2)) == [
            TrackerBinding(.script("chk"), weight: TrackingWeight(0)),
            TrackerBinding(.interface("eth9"), weight: TrackingWeight(-5)),
        ])
        #expect(Array(config.instances[1].trackerBindings(in: config).dropFirst(2)) == [
            TrackerBinding(.interface("eth9"), weight: TrackingWeight(-5)),
        ])
    }

    @Test func runsScriptsWhenAnythingRunsAProgram() throws {
        #expect(try !configuration(instance("A", lines: "")).runsScripts)
        #expect(try configuration(instance("A", lines: "notify /bin/check")).runsScripts)
    }
}
