import KeepvipConfig
import KeepvipDaemon
import Testing
import VRRPCore

/// The whole daemon reloading on the in-memory segment, with virtual time: what an operator does
/// with `systemctl reload keepvip`, and what must never happen while doing it.
@Suite struct DaemonReloadTests {
    let pair = SimulatedPair()
    var segment: InMemorySegment { pair.segment }
    var lb1: SimulatedDaemonHost { pair.lb1 }
    var lb2: SimulatedDaemonHost { pair.lb2 }

    /// One unicast VRRPv2 instance between lb1 and lb2.
    static func instance(
        _ name: String, vrid: Int = 101, priority: Int, on host: IPAddress, vips: [String] = ["192.0.2.200/24"],
        extra: String = ""
    ) -> String {
        let peer = host == lb1Address ? lb2Address : lb1Address
        return """
            vrrp_instance \(name) {
                interface ens5
                virtual_router_id \(vrid)
                priority \(priority)
                unicast_src_ip \(host)
                unicast_peer {
                    \(peer)
                }
                virtual_ipaddress {
                    \(vips.joined(separator: "\n        "))
                }
            \(extra)
            }

            """
    }

    func startPair(lb1 first: String, lb2 second: String) throws {
        lb1.write(first)
        lb2.write(second)
        try lb1.start()
        try lb2.start()
        segment.run(until: .seconds(5))
    }

    func reload(_ host: SimulatedDaemonHost, _ text: String) -> ReloadResult {
        host.write(text)
        return host.core.reload()
    }

    func events(of host: SimulatedDaemonHost, since instant: Instant) -> [String] {
        host.events.filter { $0.at >= instant }.map(\.what)
    }

    // MARK: Refused

    // Any error, a missing include or file, or a change that needs a restart: the old configuration
    // keeps running exactly as it was, and one line says why.
    @Test(arguments: [
        ("error", Self.instance("VI_1", priority: 300, on: lb1Address)),
        ("include", "include /etc/keepvip/missing.conf\n" + Self.instance("VI_1", priority: 150, on: lb1Address)),
        ("restart", Self.instance("VI_1", priority: 150, on: lb1Address, extra: "    notify_master /usr/bin/notify")),
    ])
    func refusedReloadChangesNothing(kind: String, text: String) throws {
        try startPair(lb1: Self.instance("VI_1", priority: 150, on: lb1Address),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        let before = lb1.core.configuration
        let reloadedAt = segment.now
        let result = reload(lb1, text)
        guard case .refused(let line, _) = result else {
            Issue.record("\(kind): reload was applied: \(result)")
            return
        }
        #expect(line.hasPrefix("reload refused: "))
        #expect(line.hasSuffix("; still running the configuration loaded at start"))
        if kind == "restart" { #expect(line.contains("this change needs a restart")) }
        #expect(lb1.core.configuration == before)
        segment.run(for: .seconds(3))
        #expect(lb1.state == ["VI_1": .active] && lb2.state == ["VI_1": .backup])
        #expect(events(of: lb1, since: reloadedAt).allSatisfy { $0 == "advert 150" })
    }

    @Test func unreadableFileIsRefused() throws {
        try startPair(lb1: Self.instance("VI_1", priority: 150, on: lb1Address),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        lb1.fileSystem.files[SimulatedDaemonHost.configurationPath] = nil
        guard case .refused = lb1.core.reload() else {
            Issue.record("a missing file was applied")
            return
        }
        #expect(lb1.log.count(containing: "keepvip.conf") > 0)
        #expect(lb1.state == ["VI_1": .active])
    }

    @Test func failedFilterIsRefused() throws {
        try startPair(lb1: Self.instance("VI_1", priority: 150, on: lb1Address),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        lb1.failsFilter = true
        let result = reload(lb1, Self.instance("VI_1", priority: 160, on: lb1Address, extra: "    no_accept"))
        #expect(result == .refused("reload refused: cannot update the no_accept filter: nft: the table is busy; still running the configuration loaded at start"))
        #expect(lb1.core.runners.first?.router.effectivePriority == 150)
    }

    // MARK: Applied

    // Ten SIGHUPs in one turn are one reload, and a reload of the same file moves nothing.
    @Test func repeatedRequestsAreOneQuietReload() throws {
        try startPair(lb1: Self.instance("VI_1", priority: 150, on: lb1Address),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        let reloadedAt = segment.now
        for _ in 0..<10 { lb1.core.requestReload() }
        segment.run(for: .seconds(3))
        #expect(lb1.log.count(prefix: "reload: ") == 1)
        #expect(lb1.log.contains(prefix: "reload: 1 unchanged, 0 changed, 0 added, 0 removed"))
        #expect(events(of: lb1, since: reloadedAt).allSatisfy { $0 == "advert 150" })
    }

    @Test func renameKeepsState() throws {
        try startPair(lb1: Self.instance("VI_1", priority: 150, on: lb1Address),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        let reloadedAt = segment.now
        guard case .applied(let line) = reload(lb1, Self.instance("web", priority: 150, on: lb1Address)) else {
            Issue.record("refused")
            return
        }
        #expect(line.hasPrefix("reload: 0 unchanged, 1 changed (web: renamed from VI_1), 0 added, 0 removed"))
        segment.run(for: .seconds(3))
        #expect(lb1.state == ["web": .active])
        #expect(events(of: lb1, since: reloadedAt).allSatisfy { $0 == "advert 150" })
    }

    // A VIP moved from one instance to another moves in one reload, and stays announced.
    @Test func addressMovesBetweenInstances() throws {
        let a = { (vips: [String]) in Self.instance("A", vrid: 1, priority: 150, on: lb1Address, vips: vips) }
        let b = { (vips: [String]) in Self.instance("B", vrid: 2, priority: 150, on: lb1Address, vips: vips) }
        lb1.write(a(["192.0.2.200/24", "192.0.2.201/24"]) + b(["192.0.2.202/24"]))
        try lb1.start()
        segment.run(until: .seconds(5))
        #expect(lb1.state == ["A": .active, "B": .active])
        let reloadedAt = segment.now
        _ = reload(lb1, a(["192.0.2.200/24"]) + b(["192.0.2.202/24", "192.0.2.201/24"]))
        let moved = IPAddress("192.0.2.201")!
        #expect(lb1.holds(moved))
        let changes = events(of: lb1, since: reloadedAt).filter { !$0.hasPrefix("advert") }
        #expect(changes.prefix(2) == ["remove 192.0.2.201", "add 192.0.2.201"])
        #expect(changes.contains("announce 192.0.2.201") && !changes.contains("announce 192.0.2.200"))
        #expect(lb1.log.contains(prefix: "reload: 0 unchanged, 2 changed (A: -1 VIP; B: +1 VIP)"))
    }

    // A removed Active instance resigns with priority 0 and releases its address; the peer takes over
    // after Skew_Time. A new instance starts as at start-up.
    @Test func removedAndAddedInstances() throws {
        try startPair(lb1: Self.instance("VI_1", priority: 150, on: lb1Address),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        let reloadedAt = segment.now
        _ = reload(lb1, Self.instance("VI_2", vrid: 7, priority: 100, on: lb1Address, vips: ["198.51.100.1/24"]))
        #expect(events(of: lb1, since: reloadedAt).prefix(2) == ["advert 0", "remove 192.0.2.200"])
        #expect(lb1.state == ["VI_2": .backup])
        segment.run(for: .seconds(1))
        #expect(lb2.state == ["VI_1": .active] && lb2.holds(floatingAddress))
        #expect(lb1.log.contains(prefix: "reload: 0 unchanged, 0 changed, 1 added (VI_2), 1 removed (VI_1)"))
    }

    // keepalived's notify_deleted: a removed instance notifies DELETED instead of FAULT.
    @Test func removedInstanceNotifiesDeleted() throws {
        let notify = "    notify /usr/bin/notify\n    notify_deleted"
        try startPair(lb1: Self.instance("VI_1", priority: 150, on: lb1Address, extra: notify)
                        + Self.instance("VI_2", vrid: 7, priority: 100, on: lb1Address, vips: ["198.51.100.1/24"], extra: notify),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        let reloadedAt = segment.now
        _ = reload(lb1, Self.instance("VI_1", priority: 150, on: lb1Address, extra: notify))
        #expect(events(of: lb1, since: reloadedAt).contains("run /usr/bin/notify INSTANCE VI_2 DELETED 100"))
    }

    // keepvipd dropped the rights to run scripts at start: scripts that appear need a restart.
    @Test func scriptsAppearingNeedARestart() throws {
        try startPair(lb1: Self.instance("VI_1", priority: 150, on: lb1Address),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        lb1.scriptStatuses["/usr/bin/check"] = 1
        lb1.fileSystem.install(executable: "/usr/bin/check")
        let script = "vrrp_script chk {\n    script /usr/bin/check\n    weight -60\n}\n"
        // Scripts appear: this one needs the rights a restart gives, so start with one already.
        try #require(lb1.core.configuration.runsScripts == false)
        let result = reload(lb1, script + Self.instance("VI_1", priority: 150, on: lb1Address, extra: "    track_script {\n        chk\n    }"))
        guard case .refused(let line, _) = result else {
            Issue.record("scripts were added without the rights to run them")
            return
        }
        #expect(line.contains("needs a restart"))
    }

    // A tracker new to an Active instance (keepalived #1941) moves nothing before its first result.
    @Test func newTrackerOnAnActiveInstance() throws {
        lb1.scriptStatuses["/usr/bin/check"] = 1
        let script = "vrrp_script chk {\n    script /usr/bin/check\n    weight -60\n}\n"
        let other = "vrrp_script other {\n    script /usr/bin/notify\n}\n"
        lb1.fileSystem.install(executable: "/usr/bin/check")
        try startPair(lb1: script + other + Self.instance("VI_1", priority: 150, on: lb1Address, extra: "    track_script {\n        other\n    }"),
                      lb2: Self.instance("VI_1", priority: 100, on: lb2Address))
        #expect(lb1.state == ["VI_1": .active])
        let reloadedAt = segment.now
        _ = reload(lb1, script + other + Self.instance("VI_1", priority: 150, on: lb1Address, extra: "    track_script {\n        other\n        chk\n    }"))
        // At the reload itself: still Active at 150, nothing re-sent but the scheduled advert.
        #expect(lb1.core.runners.first?.router.effectivePriority == 150)
        #expect(lb1.state == ["VI_1": .active])
        #expect(events(of: lb1, since: reloadedAt).filter { $0.hasPrefix("advert") }.isEmpty)
        // Its first result (a failure) does: the weight applies and the peer preempts.
        segment.run(for: .seconds(5))
        #expect(lb1.core.runners.first?.router.effectivePriority == 90)
        #expect(lb1.state == ["VI_1": .backup] && lb2.state == ["VI_1": .active])
    }

    // A removed vrrp_script's running check is killed with its process group; its weight is gone at once.
    @Test func removedScriptIsKilled() throws {
        lb1.fileSystem.install(executable: "/usr/bin/hang")
        lb1.hangingPrograms = ["/usr/bin/hang"]
        let script = "vrrp_script slow {\n    script /usr/bin/hang\n    weight -20\n}\n"
        let other = "vrrp_script other {\n    script /usr/bin/notify\n}\n"
        let tracking = { (names: String) in "    track_script {\n\(names)    }" }
        lb1.write(script + other + Self.instance("VI_1", priority: 150, on: lb1Address, extra: tracking("        slow\n        other\n")))
        try lb1.start()
        segment.run(until: .seconds(5))
        let started = try #require(lb1.events.first { $0.what.hasPrefix("run /usr/bin/hang as ") }?.what)
        let pid = String(started.split(separator: " ").last ?? "")
        _ = reload(lb1, other + Self.instance("VI_1", priority: 150, on: lb1Address, extra: tracking("        other\n")))
        #expect(lb1.events.contains { $0.what == "kill \(pid)" })
        #expect(lb1.log.contains(prefix: "reload: 0 unchanged, 1 changed (VI_1: track_script)"))
    }

    // A member that joins a sync group follows the group: here the group is in FAULT.
    @Test func joiningMemberFollowsItsGroup() throws {
        let faulty = Self.instance("VI_2", vrid: 7, priority: 100, on: lb1Address, vips: ["198.51.100.1/24"],
                                   extra: "    track_interface {\n        ens9\n    }")
        lb1.write(Self.instance("VI_1", priority: 150, on: lb1Address) + faulty)
        try lb1.start()
        segment.run(until: .seconds(5))
        #expect(lb1.state == ["VI_1": .active, "VI_2": .fault])
        _ = reload(lb1, Self.instance("VI_1", priority: 150, on: lb1Address) + faulty
                   + "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n")
        #expect(lb1.state == ["VI_1": .fault, "VI_2": .fault])
        #expect(!lb1.holds(floatingAddress))
    }
}
