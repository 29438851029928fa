import Testing
@testable import KeepvipConfig

struct HealthTrackingTests {
    static let check = "/usr/bin/check"

    @Test func readsEveryVrrpScriptKeyword() throws {
        let text = """
            vrrp_script chk {
                script "/usr/bin/check --port 80"
                interval 2
                timeout 5
                weight -20 reverse
                rise 3
                fall 4
                user nobody nogroup
                init_fail
            }
            """
        let result = load(text, executables: [Self.check])
        #expect(result.diagnostics.isEmpty)
        let script = try #require(result.configuration?.scripts.first)
        #expect(script.name == "chk")
        #expect(script.location == SourceLocation(file: "test.conf", line: 1, column: 1))
        #expect(script.command.arguments == ["/usr/bin/check", "--port", "80"])
        #expect(script.command.location == SourceLocation(file: "test.conf", line: 2, column: 5))
        #expect(script.command.executablePath == Self.check)
        #expect(script.command.user == "nobody")
        #expect(script.command.group == "nogroup")
        #expect(script.interval == .seconds(2))
        #expect(script.timeout == .seconds(5))
        #expect(script.weight == -20)
        #expect(script.isReversed)
        #expect(script.rise == 3)
        #expect(script.fall == 4)
        #expect(script.startsFailed)
    }

    @Test func vrrpScriptDefaults() throws {
        let result = load("vrrp_script chk {\n    script pidof\n    interval 3\n}", executables: ["/usr/bin/pidof"])
        #expect(result.diagnostics.isEmpty)
        let script = try #require(result.configuration?.scripts.first)
        #expect(script.timeout == .seconds(3))
        #expect(script.weight == 0)
        #expect(!script.isReversed)
        #expect(script.rise == 1)
        #expect(script.fall == 1)
        #expect(!script.startsFailed)
        #expect(script.command.user == nil)
        #expect(script.command.executablePath == "/usr/bin/pidof")
        #expect(HealthScript(name: "x", location: script.location, command: script.command).interval == .seconds(1))
    }

    @Test func vrrpScriptLimits() {
        let text = """
            vrrp_script chk {
                script /usr/bin/check
                weight 254
                rise 0
                fall x
                interval 5000
                timeout 0
            }
            """
        let result = load(text, executables: [Self.check])
        #expect(result.errorTexts == [
            "test.conf:3:12: error: vrrp_script weight 254 is out of range -253-253; use a number from -253 to 253",
            "test.conf:4:10: error: rise 0 is out of range 1-2147483647; use a number from 1 to 2147483647",
            "test.conf:5:10: error: fall 'x' is not a number; use a number from 1 to 2147483647",
            "test.conf:6:14: error: vrrp_script interval 5000 is out of range 0-4294; use a number from 0 to 4294",
        ])
        #expect(result.warningTexts == [
            "test.conf:7:13: warning: vrrp_script timeout 0 is raised to 1 second (as keepalived does); write 'timeout 1'",
        ])
    }

    @Test func scriptProgramsAreLookedUp() {
        let text = """
            vrrp_script missing {
                script /etc/keepalived/missing.sh
            }
            vrrp_script plain {
                script "/etc/keepalived/plain.sh arg"
            }
            vrrp_script bare {
                script "nosuchtool -x"
            }
            vrrp_script directory {
                script /etc/keepalived
            }
            """
        let result = load(text, files: ["/etc/keepalived/plain.sh": "echo"])
        #expect(result.errors.isEmpty)
        let consequence = "keepalived disables such a script and keepvip counts it as failing"
        #expect(result.warningTexts == [
            "test.conf:2:5: warning: script: '/etc/keepalived/missing.sh' does not exist; \(consequence); install it or correct the path",
            "test.conf:5:5: warning: script: '/etc/keepalived/plain.sh' is not executable; \(consequence); run 'chmod +x /etc/keepalived/plain.sh'",
            "test.conf:8:5: warning: script: 'nosuchtool' is not found in /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; \(consequence); write its full path or install it",
            "test.conf:11:5: warning: script: '/etc/keepalived' is not a regular file; \(consequence); point script at the program itself",
        ])
        #expect(result.configuration?.scripts.map(\.command.executablePath) == [nil, nil, nil, nil])
    }

    @Test func readsTrackFiles() throws {
        let text = """
            track_file maintenance {
                file "/run/keepalived/maint"
                weight -254 reverse
                init_file 5 overwrite
            }
            vrrp_track_file old {
                file /run/old
                init_file
            }
            track_file plain {
                file /run/plain
            }
            """
        let result = load(text)
        #expect(result.diagnostics.isEmpty)
        let files = try #require(result.configuration?.trackFiles)
        #expect(files.map(\.name) == ["maintenance", "old", "plain"])
        #expect(files[0].path == "/run/keepalived/maint")
        #expect(files[0].weight == -254)
        #expect(files[0].isReversed)
        #expect(files[0].initialization == TrackFile.Initialization(value: 5, overwritesExisting: true))
        #expect(files[1].initialization == TrackFile.Initialization(value: 0, overwritesExisting: false))
        #expect(files[2].weight == 1)
        #expect(files[2].initialization == nil)
    }

    @Test func trackFileProblems() {
        let text = """
            track_file nofile {
                weight 2
            }
            track_file big {
                file /run/big
                weight 300
                init_file overwrite later
            }
            """
        let result = load(text)
        #expect(result.errorTexts == [
            "test.conf:6:12: error: track_file weight 300 is out of range -254-254; use a number from -254 to 254",
        ])
        #expect(result.warningTexts == [
            "test.conf:1:1: warning: track_file 'nofile' has no 'file' and is ignored (as keepalived does); add e.g. 'file \"/var/run/keepalived/nofile\"'",
            "test.conf:7:25: warning: extra text 'later' after 'init_file' is ignored; remove it",
        ])
    }

    static let definitions = """
        vrrp_script chk {
            script /usr/bin/check
            weight 10
        }
        track_file maint {
            file /run/maint
        }

        """

    @Test func readsInstanceTracking() throws {
        let text = Self.definitions + instance("""
                track_interface {
                    eth1
                    eth2 weight -10 reverse
                }
                dont_track_primary
                track_script {
                    chk weight -5 noreverse
                }
                track_file {
                    maint weight 254
                }
                virtual_ipaddress {
                    192.0.2.1
                }
            """)
        let result = load(text, executables: [Self.check])
        #expect(result.diagnostics.isEmpty)
        let instance = try #require(result.configuration?.instances.first)
        #expect(instance.trackedInterfaces == [
            TrackedInterface(name: "eth1", location: SourceLocation(file: "test.conf", line: 12, column: 9)),
            TrackedInterface(name: "eth2", location: SourceLocation(file: "test.conf", line: 13, column: 9),
                             weight: -10, isReversed: true),
        ])
        #expect(!instance.tracksPrimaryInterface)
        #expect(instance.trackedScripts == [
            TrackReference(name: "chk", location: SourceLocation(file: "test.conf", line: 17, column: 9),
                           weight: -5, isReversed: false),
        ])
        #expect(instance.trackedFiles.map(\.weight) == [254])
    }

    @Test func trackingDefaultsUseTheScriptsOwnWeight() throws {
        let text = Self.definitions + instance("    track_script {\n        chk\n    }\n    virtual_ipaddress {\n 192.0.2.1\n }")
        let instance = try #require(load(text, executables: [Self.check]).configuration?.instances.first)
        #expect(instance.trackedScripts.map(\.weight) == [nil])
        #expect(instance.trackedScripts.map(\.isReversed) == [nil])
        #expect(instance.tracksPrimaryInterface)
        #expect(instance.trackedInterfaces.isEmpty)
    }

    @Test func trackingProblems() {
        let text = Self.definitions + instance("""
                track_script {
                    chk
                    nosuch
                    later
                    chk weight 3
                }
                track_script {
                    chk
                }
                track_interface {
                    eth1 weight 254
                    eth2 weight
                    eth3 weight 300
                    eth4 bogus
                    eth5 weight 1 sideways
                }
                virtual_ipaddress {
                    192.0.2.1
                }
            """) + "\nvrrp_script later {\n    script /usr/bin/check\n}"
        let result = load(text, executables: [Self.check])
        #expect(result.errorTexts == [
            "test.conf:22:14: error: 'weight' needs a value in track_interface; write e.g. 'eth2 weight -10'",
            "test.conf:23:21: error: track_interface weight 300 is out of range -254-254; use a number from -254 to 254",
        ])
        #expect(result.warningTexts == [
            "test.conf:13:9: warning: track_script in vrrp_instance 'VI_1' names no vrrp_script 'nosuch'; keepalived ignores this line and so does keepvip; define 'vrrp_script nosuch { … }' or correct the name",
            "test.conf:14:9: warning: vrrp_script 'later' is defined at test.conf:31:1, after vrrp_instance 'VI_1'; keepalived only finds blocks defined earlier, so it ignores this line and so does keepvip; move the vrrp_script block above",
            "test.conf:15:9: warning: 'chk' is already tracked in this track_script block (at test.conf:12:9); this line is ignored (as keepalived does), remove it",
            "test.conf:18:9: warning: vrrp_instance 'VI_1' already tracks vrrp_script 'chk' (at test.conf:12:9); this line is ignored (as keepalived does), remove it",
            "test.conf:21:21: warning: track_interface weight 254 is lowered to 253 (as keepalived does); write 253",
            "test.conf:24:14: warning: unknown option 'bogus' for 'eth4' in track_interface; keepalived ignores this line and so does keepvip; write 'eth4' or 'eth4 weight -10'",
            "test.conf:25:23: warning: unknown weight option 'sideways' in track_interface is ignored; write 'reverse'",
        ])
    }

    @Test func readsNotifyCommands() throws {
        let text = instance("""
                notify_master "/usr/bin/notify master"
                notify_backup /usr/bin/notify
                notify_fault "/usr/bin/notify fault" root
                notify_stop /usr/bin/notify
                notify /usr/bin/notify
                notify_master_rx_lower_pri /usr/bin/notify
                virtual_ipaddress {
                    192.0.2.1
                }
            """)
        let result = load(text, executables: ["/usr/bin/notify"])
        #expect(result.diagnostics.isEmpty)
        let notify = try #require(result.configuration?.instances.first?.notify)
        #expect(notify.master?.arguments == ["/usr/bin/notify", "master"])
        #expect(notify.backup?.location == SourceLocation(file: "test.conf", line: 5, column: 5))
        #expect(notify.fault?.user == "root")
        #expect(notify.fault?.group == nil)
        #expect(notify.all.count == 6)
        #expect(notify.all.allSatisfy { $0.executablePath == "/usr/bin/notify" })
    }

    // keepalived.conf(5): `notify_deleted` with or without a command.
    @Test func readsNotifyDeleted() throws {
        let bare = load(instance("    notify_deleted"))
        #expect(bare.errors.isEmpty)
        let plain = try #require(bare.configuration?.instances.first?.notify)
        #expect(plain.notifiesDeletion && plain.deleted == nil)
        let withCommand = load(instance("    notify_deleted \"/usr/bin/notify gone\""), executables: ["/usr/bin/notify"])
        #expect(withCommand.errors.isEmpty)
        let notify = try #require(withCommand.configuration?.instances.first?.notify)
        #expect(notify.notifiesDeletion)
        #expect(notify.deleted?.arguments == ["/usr/bin/notify", "gone"])
    }

    @Test func notifyProblems() {
        let text = instance("""
                notify_master
                notify_backup /usr/bin/notify a b c
                notify_backup /usr/bin/missing
                virtual_ipaddress {
                    192.0.2.1
                }
            """)
        let result = load(text, executables: ["/usr/bin/notify"])
        #expect(result.errors.isEmpty)
        #expect(result.warningTexts == [
            "test.conf:4:5: warning: 'notify_master' has no command and is ignored (as keepalived does); write e.g. 'notify_master \"/etc/keepalived/notify.sh arg\" [USER [GROUP]]'",
            "test.conf:5:39: warning: 'c' after the command of 'notify_backup' is ignored (as keepalived does); only USER and GROUP may follow the command",
            "test.conf:6:5: warning: 'notify_backup' is given again (first at test.conf:5:5); this later command wins, remove one of them",
            "test.conf:6:5: warning: notify_backup: '/usr/bin/missing' does not exist; keepalived disables such a command and keepvip will not run it; install it or correct the path",
        ])
    }
}
