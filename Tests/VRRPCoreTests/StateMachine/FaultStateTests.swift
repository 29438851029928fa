import Testing
import VRRPCore

func healthy(_ priority: UInt8 = 100) -> RouterEvent { .health(RouterHealth(effectivePriority: priority)) }
func faulted(_ priority: UInt8 = 100) -> RouterEvent { .health(RouterHealth(isFaulted: true, effectivePriority: priority)) }

@Suite struct FaultStateTests {
    @Test func faultIsKeepalivedsWord() {
        #expect(RouterState.fault.description == "FAULT")
    }

    // An Active router entering FAULT resigns with priority 0, releases its addresses and stops its timers.
    @Test func activeEntersFaultResigning() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        h.advance(to: .ms(2500))
        #expect(h.send(faulted(255)) == [
            .sendAdvertisement(priority: 0), .report(.sentPriorityZero), .removeVirtualAddresses,
            .changeState(from: .active, to: .fault, reason: .faulted),
        ])
        #expect(h.router.state == .fault)
        #expect(h.router.nextDeadline == nil)
    }

    // A Backup entering FAULT stops its Active_Down_Timer and sends nothing.
    @Test func backupEntersFaultQuietly() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        #expect(h.send(faulted()) == [.changeState(from: .backup, to: .fault, reason: .faulted)])
        #expect(h.router.nextDeadline == nil)
        h.advance(to: .ms(60_000))
        #expect(h.router.state == .fault)
    }

    // In FAULT adverts are ignored and nothing is sent, whatever their priority.
    @Test func faultIgnoresAdverts() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(faulted())
        #expect(h.send(.advertisement(advert(priority: 0), source: lb2)) == [])
        #expect(h.send(.advertisement(advert(priority: 50), source: lb2)) == [])
        #expect(h.send(.timersDue) == [])
        #expect(h.router.nextDeadline == nil)
    }

    // Leaving FAULT: a non-owner is a Backup with a fresh Active_Down_Timer.
    @Test func recoveryEntersBackupWithFreshTimer() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(faulted())
        h.advance(to: .ms(10_000))
        #expect(h.send(healthy()) == [.changeState(from: .fault, to: .backup, reason: .recovered)])
        #expect(h.router.nextDeadline == .ms(10_000) + h.router.activeDownInterval)
        h.advance(to: .ms(14_000))
        #expect(h.router.state == .active)
    }

    // Leaving FAULT: the address owner becomes Active at once.
    @Test func ownerRecoversStraightToActive() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        h.send(faulted(255))
        h.advance(to: .ms(3000))
        #expect(h.send(healthy(255)) == [
            .changeState(from: .fault, to: .active, reason: .recovered),
            .sendAdvertisement(priority: 255), .addVirtualAddresses, .announceVirtualAddresses(count: 5),
        ])
        #expect(h.router.nextDeadline == .ms(4000))
    }

    // Health given before start-up: INIT goes straight to FAULT.
    @Test func faultedBeforeStartupStartsInFault() {
        var h = Harness(configuration(priority: 255))
        #expect(h.send(faulted(255)) == [])
        #expect(h.router.state == .initialize)
        #expect(h.send(.startup) == [.changeState(from: .initialize, to: .fault, reason: .faulted)])
        #expect(h.router.nextDeadline == nil)
    }

    @Test func healthyBeforeStartupStartsNormally() {
        var h = Harness(configuration(priority: 100))
        h.send(healthy(90))
        #expect(h.send(.startup) == [.changeState(from: .initialize, to: .backup, reason: .startup)])
        #expect(h.router.effectivePriority == 90)
    }

    // Shutdown in FAULT returns to Initialize without sending anything.
    @Test func shutdownFromFaultIsQuiet() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(faulted())
        #expect(h.send(.shutdown) == [.changeState(from: .fault, to: .initialize, reason: .shutdown)])
    }

    // A repeated verdict changes nothing.
    @Test func repeatedFaultIsIdempotent() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(faulted())
        #expect(h.send(faulted()) == [])
        h.send(healthy())
        #expect(h.send(healthy()) == [])
    }

    // Pending announcements stop in FAULT: no second burst from an old Active period.
    @Test func faultCancelsPendingAnnouncements() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        h.advance(to: .ms(1000))
        h.send(faulted(255))
        h.advance(to: .ms(20_000))
        let bursts = h.log.filter { if case .announceVirtualAddresses = $0.1 { true } else { false } }
        #expect(bursts.map(\.0) == [.ms(0)])
    }
}
