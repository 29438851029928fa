import KeepvipDaemon
import Testing
import VRRPCore

/// Make-before-break on the whole daemon, on the in-memory segment with virtual time: the peer has
/// the VIP before this host lets it go, on a planned stop and in maintenance mode.
@Suite struct DaemonHandoverTests {
    let pair = SimulatedPair()
    var segment: InMemorySegment { pair.segment }
    var lb1: SimulatedDaemonHost { pair.lb1 }
    var lb2: SimulatedDaemonHost { pair.lb2 }
    let vip = IPAddress("192.0.2.200")!

    func startPair(lb1Priority: Int = 150, lb2Priority: Int = 100) throws {
        lb1.write(DaemonReloadTests.instance("VI_1", priority: lb1Priority, on: lb1Address))
        lb2.write(DaemonReloadTests.instance("VI_1", priority: lb2Priority, on: lb2Address))
        try lb1.start()
        try lb2.start()
        segment.run(until: .seconds(5))
        #expect(lb1.holds(vip) && !lb2.holds(vip))
    }

    /// When `host` added / removed the VIP last, after `since`.
    func last(_ what: String, on host: SimulatedDaemonHost, since: Instant) -> Instant? {
        host.events.last { $0.at >= since && $0.what == "\(what) \(vip)" }?.at
    }

    @Test func aPlannedStopReleasesTheVIPOnlyAfterThePeerHasIt() throws {
        try startPair()
        var stopped = false
        lb1.core.onStopped = { stopped = true }
        let stopAt = segment.now
        lb1.core.stop()
        segment.run(for: .milliseconds(500))
        // Skew_Time of priority 100 is 609 ms: lb2 has not taken over yet, so lb1 still serves.
        #expect(lb1.holds(vip) && !stopped)
        segment.run(for: .seconds(2))
        let added = try #require(last("add", on: lb2, since: stopAt))
        let removed = try #require(last("remove", on: lb1, since: stopAt))
        #expect(added < removed && removed - added < .milliseconds(1))
        #expect(stopped && lb2.state == ["VI_1": .active] && !lb1.holds(vip))
        #expect(lb1.log.contains("(VI_1) \(lb2Address) took over; releasing the VIPs held for the handover"))
    }

    @Test func aPlannedStopWithNobodyToTakeOverReleasesAtTheBound() throws {
        lb1.write(DaemonReloadTests.instance("VI_1", priority: 150, on: lb1Address))
        try lb1.start()
        segment.run(until: .seconds(5))
        var stopped = false
        lb1.core.onStopped = { stopped = true }
        let stopAt = segment.now
        lb1.core.stop()
        segment.run(for: .milliseconds(2_400))
        #expect(lb1.holds(vip) && !stopped)
        segment.run(for: .milliseconds(200))
        let removed = try #require(last("remove", on: lb1, since: stopAt))
        #expect(removed - stopAt == .milliseconds(2_500) && stopped)
    }

    @Test func aSecondStopReleasesAtOnce() throws {
        try startPair()
        lb1.core.stop()
        #expect(lb1.holds(vip))
        lb1.core.stop()
        #expect(!lb1.holds(vip))
    }

    @Test func maintenanceMovesTheVIPAndKeepsItMovedAcrossReloadAndRestart() throws {
        try startPair()
        let from = segment.now
        let result = lb1.core.setMaintenance([], to: true)
        #expect(result.lines == ["VI_1: maintenance on: priority 0 sent, VIPs held until a peer takes over"] && !result.failed)
        #expect(lb1.savedMaintenance == ["VI_1"])
        segment.run(for: .seconds(3))
        let added = try #require(last("add", on: lb2, since: from))
        let removed = try #require(last("remove", on: lb1, since: from))
        #expect(added < removed)
        #expect(lb1.state == ["VI_1": .backup] && lb2.state == ["VI_1": .active])
        // A reload of a changed file keeps it in maintenance.
        lb1.write(DaemonReloadTests.instance("VI_1", priority: 160, on: lb1Address))
        _ = lb1.core.reload()
        segment.run(for: .seconds(10))
        #expect(lb1.state == ["VI_1": .backup] && lb1.core.runners[0].router.effectivePriority == 1)
        // So does a restart: the saved state is read at start.
        lb1.core.stop()
        segment.run(for: .seconds(1))
        try lb1.start()
        segment.run(for: .seconds(10))
        #expect(lb1.state == ["VI_1": .backup] && lb2.state == ["VI_1": .active] && lb1.core.runners[0].isInMaintenance)
        // Cancelled: the configured priority is back, and lb1 (preempt) takes the VIP back; lb2 lets
        // it go only after lb1 has it.
        let back = segment.now
        #expect(lb1.core.setMaintenance(["VI_1"], to: false).lines == ["VI_1: maintenance off: priority 160 again"])
        segment.run(for: .seconds(5))
        let retaken = try #require(last("add", on: lb1, since: back))
        let released = try #require(last("remove", on: lb2, since: back))
        #expect(retaken < released && lb1.state == ["VI_1": .active] && lb1.savedMaintenance.isEmpty)
    }

    @Test func maintenanceRefusesWhatItCannotDoAndChangesNothing() throws {
        try startPair()
        let unknown = lb1.core.setMaintenance(["VI_9"], to: true)
        #expect(unknown.lines == ["VI_9: no such vrrp_instance"] && unknown.failed)
        lb1.failsMaintenanceSave = true
        let failed = lb1.core.setMaintenance(["VI_1"], to: true)
        #expect(failed.failed && failed.lines[0].hasPrefix("cannot save the maintenance state: "))
        segment.run(for: .seconds(5))
        #expect(lb1.state == ["VI_1": .active] && lb1.savedMaintenance.isEmpty && !lb1.core.runners[0].isInMaintenance)
        #expect(lb1.core.setMaintenance(["VI_1"], to: false).lines == ["VI_1: maintenance was already off"])
    }

    @Test func anAddressOwnerIsRefused() throws {
        lb1.write(DaemonReloadTests.instance("VI_1", priority: 255, on: lb1Address))
        try lb1.start()
        let result = lb1.core.setMaintenance(["VI_1"], to: true)
        #expect(result.failed && result.lines[0].contains("priority 255 owns its addresses"))
    }
}

/// Two whole daemons started together: whichever starts first, the higher priority gets the VIP
/// first and the VIP never moves (`VirtualRouter+StartUp.swift`).
@Suite struct DaemonStartUpOrderTests {
    @Test(arguments: [1, 10, 100], [0, 2, 5, 20, 60])
    func theHigherPriorityIsFirstWhateverTheStartSkew(intervalCentiseconds: Int, lowerStartsEarlierByMs: Int) throws {
        let pair = SimulatedPair()
        let interval = intervalCentiseconds == 100 ? "1" : "0.\(intervalCentiseconds < 10 ? "0" : "")\(intervalCentiseconds)"
        let extra = "    advert_int \(interval)\n    version 3"
        pair.lb1.write(DaemonReloadTests.instance("VI_1", priority: 150, on: lb1Address, extra: extra))
        pair.lb2.write(DaemonReloadTests.instance("VI_1", priority: 100, on: lb2Address, extra: extra))
        try pair.lb2.start()
        pair.segment.run(for: .milliseconds(Int64(lowerStartsEarlierByMs)))
        try pair.lb1.start()
        pair.segment.run(for: .seconds(6))
        let vip = IPAddress("192.0.2.200")!
        #expect(pair.lb1.holds(vip) && !pair.lb2.holds(vip))
        #expect(!pair.lb2.events.contains { $0.what == "add \(vip)" }, "lb2 held the VIP at some point")
    }
}
