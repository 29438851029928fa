import Testing
import VRRPCore

/// A reload as a protocol event: state and timers are kept, only what changed moves.
@Suite struct ReconfigureTests {
    func reconfigure(_ new: VirtualRouterConfiguration, effective: UInt8? = nil) -> RouterEvent {
        .reconfigure(new, health: RouterHealth(effectivePriority: effective ?? new.priority))
    }

    func activeHarness(_ configuration: VirtualRouterConfiguration) -> Harness {
        var h = Harness(configuration)
        h.send(.startup)
        h.advance(to: .ms(4000))
        return h
    }

    // An unchanged configuration changes nothing: no advert, no address, no transition.
    @Test func sameConfigurationIsSilent() {
        var h = activeHarness(configuration(priority: 100))
        let deadline = h.router.nextDeadline
        #expect(h.send(reconfigure(configuration(priority: 100))) == [.reconcileVirtualAddresses(announcements: 5)])
        #expect(h.router.state == .active)
        #expect(h.router.nextDeadline == deadline)
    }

    // RFC 9568 §6.4.3: the Active router advertises a new priority at once and restarts the Adver_Timer.
    @Test func activeAdvertisesNewPriorityAtOnce() {
        var h = activeHarness(configuration(priority: 100))
        h.advance(to: .ms(4500))
        let actions = h.send(reconfigure(configuration(priority: 110)))
        #expect(actions == [
            .report(.priorityChanged(from: 100, to: 110)),
            .reconcileVirtualAddresses(announcements: 5),
            .sendAdvertisement(priority: 110),
        ])
        #expect(h.router.state == .active)
        #expect(h.router.nextDeadline == .ms(5500))
    }

    // A new Advertisement_Interval is advertised at once and the Adver_Timer runs on it.
    @Test func activeTakesNewIntervalAtOnce() {
        var h = activeHarness(configuration(priority: 100, version: .v3, intervalCentiseconds: 100))
        h.advance(to: .ms(4200))
        #expect(h.send(reconfigure(configuration(priority: 100, version: .v3, intervalCentiseconds: 20))).last == .sendAdvertisement(priority: 100))
        #expect(h.router.nextDeadline == .ms(4400))
    }

    // A lower priority on the Active router lets a preempting peer take over: the operator's handover.
    @Test func loweredActiveYieldsToHigherPeer() {
        var h = activeHarness(configuration(priority: 150))
        h.send(reconfigure(configuration(priority: 90)))
        h.send(.advertisement(advert(priority: 100), source: lb2))
        #expect(h.router.state == .backup)
    }

    // A Backup keeps its Active_Down_Timer, moved by the change of Skew_Time (RFC 9568 §6.1).
    @Test func backupKeepsActiveDownTimer() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.advance(to: .ms(1000))
        let before = h.router.nextDeadline!
        #expect(h.send(reconfigure(configuration(priority: 200))) == [.report(.priorityChanged(from: 100, to: 200))])
        #expect(h.router.state == .backup)
        #expect(h.router.nextDeadline == before - .nanoseconds(609_375_000 - 218_750_000))
    }

    // A Backup whose new priority beats the Active router's preempts: it discards the lower advert and
    // its Active_Down_Timer fires (RFC 9568 §6.4.2).
    @Test func raisedBackupPreempts() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(.advertisement(advert(priority: 150), source: lb2))
        h.send(reconfigure(configuration(priority: 200)))
        #expect(h.send(.advertisement(advert(priority: 150), source: lb2)) == [.report(.lowerPriorityDiscarded(source: lb2, priority: 150))])
        h.advance(to: .ms(10_000))
        #expect(h.router.state == .active)
    }

    // Without Preempt_Mode the raised Backup keeps deferring.
    @Test func raisedBackupWithoutPreemptDefers() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(reconfigure(configuration(priority: 200, preempt: false)))
        for second in 1...10 {
            h.advance(to: .ms(Int64(second) * 1000))
            h.send(.advertisement(advert(priority: 150), source: lb2))
        }
        #expect(h.router.state == .backup)
    }

    // RFC 9568 §6.4.1: a Backup made the address owner takes over at once.
    @Test func backupMadeOwnerTakesOver() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        let actions = h.send(reconfigure(configuration(priority: 255)))
        #expect(actions.contains(.changeState(from: .backup, to: .active, reason: .reconfigured)))
        #expect(actions.contains(.addVirtualAddresses))
    }

    // A verdict that faults the router under the new configuration is FAULT, as for a tracker.
    @Test func faultedByNewConfiguration() {
        var h = activeHarness(configuration(priority: 100))
        let actions = h.send(.reconfigure(configuration(priority: 100), health: RouterHealth(isFaulted: true, effectivePriority: 100)))
        #expect(actions.first == .sendAdvertisement(priority: 0))
        #expect(h.router.state == .fault)
    }

    // Before start-up the new configuration is only stored; the start uses it.
    @Test func initializeStoresConfiguration() {
        var h = Harness(configuration(priority: 100))
        #expect(h.send(reconfigure(configuration(priority: 255))) == [.report(.priorityChanged(from: 100, to: 255))])
        #expect(h.router.state == .initialize)
        h.send(.startup)
        #expect(h.router.state == .active)
    }

    // Ten reloads of the same file in a row: no advert beyond the schedule, no transition.
    @Test func repeatedReloadsAreQuiet() {
        var h = activeHarness(configuration(priority: 100))
        let logged = h.log.count
        for _ in 0..<10 { h.send(reconfigure(configuration(priority: 100))) }
        #expect(h.log.dropFirst(logged).allSatisfy { $0.1 == .reconcileVirtualAddresses(announcements: 5) })
    }
}
