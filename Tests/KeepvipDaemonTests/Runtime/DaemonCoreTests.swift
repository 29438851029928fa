import KeepvipConfig
import KeepvipDaemon
import Testing
import VRRPCore

/// The daemon's own parts — notifications, trackers, sync groups, stop — on the in-memory segment.
@Suite struct DaemonCoreTests {
    let pair = SimulatedPair()
    var segment: InMemorySegment { pair.segment }
    var lb1: SimulatedDaemonHost { pair.lb1 }
    var lb2: SimulatedDaemonHost { pair.lb2 }

    func instance(_ name: String, vrid: Int = 101, priority: Int, on host: IPAddress, vip: String = "192.0.2.200/24",
                  extra: String = "") -> String {
        DaemonReloadTests.instance(name, vrid: vrid, priority: priority, on: host, vips: [vip], extra: extra)
    }

    func whatHappened(on host: SimulatedDaemonHost, since instant: Instant = .zero) -> [String] {
        host.events.filter { $0.at >= instant }.map(\.what).filter { !$0.hasPrefix("advert 1") }
    }

    // keepalived.conf(5): the state's own script, then `notify` with INSTANCE NAME STATE PRIORITY,
    // after the addresses are in place.
    @Test func notificationsFollowTheTransition() throws {
        lb1.write(instance("VI_1", priority: 150, on: lb1Address,
                           extra: "    notify_master \"/usr/bin/notify master\"\n    notify /usr/bin/notify"))
        try lb1.start()
        segment.run(until: .seconds(5))
        let events = whatHappened(on: lb1)
        #expect(events.prefix(2) == ["run /usr/bin/notify INSTANCE VI_1 BACKUP 150", "add 192.0.2.200"])
        let add = try #require(events.firstIndex(of: "add 192.0.2.200"))
        #expect(events[(add + 1)...].filter { $0.hasPrefix("run") }
            == ["run /usr/bin/notify master", "run /usr/bin/notify INSTANCE VI_1 MASTER 150"])
    }

    // A tracked interface going down is FAULT: the Active router resigns and releases its address.
    @Test func trackedInterfaceDownIsFault() throws {
        lb1.otherLinks["ens6"] = true
        lb1.write(instance("VI_1", priority: 150, on: lb1Address, extra: "    track_interface {\n        ens6\n    }"))
        lb2.write(instance("VI_1", priority: 100, on: lb2Address))
        try lb1.start()
        try lb2.start()
        segment.run(until: .seconds(5))
        #expect(lb1.state == ["VI_1": .active])
        let downAt = segment.now
        lb1.setLink("ens6", up: false)
        #expect(whatHappened(on: lb1, since: downAt).prefix(2) == ["advert 0", "remove 192.0.2.200"])
        segment.run(for: .seconds(2))
        #expect(lb1.state == ["VI_1": .fault] && lb2.state == ["VI_1": .active])
        lb1.setLink("ens6", up: true)
        segment.run(for: .seconds(5))
        #expect(lb1.state == ["VI_1": .active] && lb2.state == ["VI_1": .backup])
    }

    // A sync group moves together: one member's fault takes the other out too, and the peer takes both.
    @Test func syncGroupMovesTogether() throws {
        let group = "vrrp_sync_group G {\n    group {\n        VI_1\n        VI_2\n    }\n}\n"
        lb1.otherLinks["ens6"] = true
        lb1.write(instance("VI_1", priority: 150, on: lb1Address, extra: "    track_interface {\n        ens6\n    }")
                  + instance("VI_2", vrid: 102, priority: 150, on: lb1Address, vip: "192.0.2.201/24") + group)
        lb2.write(instance("VI_1", priority: 100, on: lb2Address)
                  + instance("VI_2", vrid: 102, priority: 100, on: lb2Address, vip: "192.0.2.201/24") + group)
        try lb1.start()
        try lb2.start()
        segment.run(until: .seconds(5))
        #expect(lb1.state == ["VI_1": .active, "VI_2": .active])
        lb1.setLink("ens6", up: false)
        segment.run(for: .seconds(2))
        #expect(lb1.state == ["VI_1": .fault, "VI_2": .fault])
        #expect(lb2.state == ["VI_1": .active, "VI_2": .active])
    }

    // SIGTERM: priority 0, notify STOP run, addresses released (here nobody takes over: at the
    // handover bound, 2.5 intervals), then the core reports it stopped.
    @Test func stopResignsNotifiesAndFinishes() throws {
        lb1.write(instance("VI_1", priority: 150, on: lb1Address, extra: "    notify /usr/bin/notify"))
        try lb1.start()
        segment.run(until: .seconds(5))
        var stopped = false
        lb1.core.onStopped = { stopped = true }
        let stopAt = segment.now
        lb1.core.stop()
        segment.run(for: .seconds(3))
        #expect(whatHappened(on: lb1, since: stopAt)
            == ["advert 0", "run /usr/bin/notify INSTANCE VI_1 STOP 150", "remove 192.0.2.200"])
        #expect(stopped)
    }

    // systemd hears READY once every instance is initialised, STATUS on each change, RELOADING and
    // READY around a reload, STOPPING at the end.
    @Test func serviceManagerHearsTheLifecycle() throws {
        lb1.write(instance("VI_1", priority: 150, on: lb1Address))
        try lb1.start()
        #expect(lb1.serviceEvents == [.ready(status: "1 instance: 1 Backup")])
        segment.run(until: .seconds(5))
        #expect(lb1.serviceEvents.last == .status("1 instance: 1 Active"))
        let before = lb1.serviceEvents.count
        lb1.core.reload()
        #expect(Array(lb1.serviceEvents[before...]) == [.reloading, .ready(status: "1 instance: 1 Active")])
        lb1.core.stop()
        #expect(lb1.serviceEvents.contains(.stopping(extendedBy: .seconds(11))))
    }
}
