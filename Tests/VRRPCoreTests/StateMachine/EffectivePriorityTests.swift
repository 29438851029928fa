import Testing
import VRRPCore

@Suite struct EffectivePriorityTests {
    // The Active router advertises a changed priority at once and restarts the Adver_Timer.
    @Test func activeAdvertisesNewPriorityAtOnce() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.advance(to: .ms(4000))
        #expect(h.router.state == .active)
        h.advance(to: .ms(4500))
        #expect(h.send(healthy(80)) == [.report(.priorityChanged(from: 100, to: 80)), .sendAdvertisement(priority: 80)])
        #expect(h.router.nextDeadline == .ms(5500))
        h.advance(to: .ms(5500))
        #expect(h.advertsSent.last == 80)
    }

    // Elections use the effective priority: a Backup moved above the Active router's priority preempts.
    @Test func backupUsesEffectivePriorityToPreempt() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(healthy(120))
        #expect(h.send(.advertisement(advert(priority: 110), source: lb2)) == [.report(.lowerPriorityDiscarded(source: lb2, priority: 110))])
    }

    @Test func backupBelowEffectivePriorityDefers() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(healthy(90))
        #expect(h.send(.advertisement(advert(priority: 95), source: lb2)) == [])
    }

    // The Active router yields when its effective priority is below the advert's.
    @Test func activeYieldsOnEffectivePriority() {
        var h = Harness(configuration(priority: 150))
        h.send(.startup)
        h.advance(to: .ms(4000))
        h.send(healthy(90))
        let actions = h.send(.advertisement(advert(priority: 100), source: lb2))
        #expect(actions.first == .report(.activeReceivedHigherPriority(source: lb2, priority: 100, ours: 90)))
        #expect(h.router.state == .backup)
    }

    // Skew_Time follows the effective priority; keepalived moves a running Active_Down_Timer by the change.
    @Test func skewTimeFollowsEffectivePriority() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        let before = h.router.nextDeadline!
        h.send(healthy(200))
        #expect(h.router.skewTime == .nanoseconds(218_750_000))
        #expect(h.router.nextDeadline == before - .nanoseconds(609_375_000 - 218_750_000))
    }

    // Takeover adverts carry the effective priority.
    @Test func takeoverAdvertCarriesEffectivePriority() {
        var h = Harness(configuration(priority: 100))
        h.send(healthy(77))
        h.send(.startup)
        h.advance(to: .ms(5000))
        #expect(h.advertsSent.first == 77)
    }

    // An address owner's 255 never moves.
    @Test func ownerPriorityNeverMoves() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        #expect(h.send(healthy(200)) == [])
        #expect(h.router.effectivePriority == 255)
    }

    // Non-owners stay within 1…254 whatever they are given.
    @Test func priorityStaysInRange() {
        var h = Harness(configuration(priority: 100))
        h.send(healthy(255))
        #expect(h.router.effectivePriority == 254)
        h.send(healthy(0))
        #expect(h.router.effectivePriority == 1)
    }

    // A priority change while in FAULT is only reported; it applies on recovery.
    @Test func priorityChangeInFaultIsOnlyReported() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(faulted(100))
        #expect(h.send(faulted(60)) == [.report(.priorityChanged(from: 100, to: 60))])
        h.send(healthy(60))
        h.advance(to: .ms(10_000))
        #expect(h.advertsSent.first == 60)
    }

    // Entering FAULT with a new priority resigns without first advertising that priority.
    @Test func faultWithNewPriorityOnlyResigns() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.advance(to: .ms(4000))
        let actions = h.send(faulted(50))
        #expect(actions.first == .report(.priorityChanged(from: 100, to: 50)))
        #expect(!actions.contains(.sendAdvertisement(priority: 50)))
        #expect(actions.contains(.sendAdvertisement(priority: 0)))
    }
}
