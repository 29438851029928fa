import Testing
import VRRPCore

/// Start-up ordering (`VirtualRouter+StartUp.swift`): on a segment silent since start-up, the first
/// takeover advertises at the RFC's time but installs the addresses a claim time later, unless a
/// better router answers.
@Suite struct StartUpOrderTests {
    @Test func aLoneRouterClaimsThenTakesOver() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.advance(to: .ms(3609) + .microseconds(375))
        #expect(h.log.suffix(2).map(\.1) == [.report(.receiveTimeout), .sendAdvertisement(priority: 100)])
        #expect(h.router.state == .backup && h.router.nextDeadline == .ms(3709) + .microseconds(375))
        h.advance(to: .ms(3709) + .microseconds(375))
        #expect(h.router.state == .active)
        #expect(h.log.suffix(4).map(\.1) == [.changeState(from: .backup, to: .active, reason: .activeDownTimerExpired),
                                             .sendAdvertisement(priority: 100), .addVirtualAddresses,
                                             .announceVirtualAddresses(count: 5)])
    }

    @Test func aBetterRouterAnsweringTheClaimWinsWithoutTheAddressesEverMoving() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.advance(to: .ms(3650))
        // The better router started a few ms later: its timer fires within the claim.
        #expect(h.send(.advertisement(advert(priority: 150), source: lb2)) == [])
        for second in 4...10 {
            h.advance(to: .ms(Int64(second) * 1000))
            h.send(.advertisement(advert(priority: 150), source: lb2))
        }
        #expect(h.router.state == .backup)
        #expect(!h.log.contains { $0.1 == .addVirtualAddresses })
    }

    @Test func aClaimKeepsAdvertisingAtTheInterval() {
        var h = Harness(configuration(priority: 100, version: .v3, intervalCentiseconds: 1))
        h.send(.startup)
        h.advance(to: .ms(200))
        // 10 ms interval: the claim (100 ms) sends an advert every 10 ms, as an Active router would.
        let claimAdverts = h.log.filter { $0.1 == .sendAdvertisement(priority: 100) }.map(\.0)
        #expect(claimAdverts.count >= 10)
        #expect(zip(claimAdverts.dropFirst(), claimAdverts).allSatisfy { $0 - $1 <= .milliseconds(10) })
    }

    @Test func aLowerClaimDoesNotStopTheHigherOne() {
        var h = Harness(configuration(priority: 150))
        h.send(.startup)
        h.advance(to: .ms(3500))
        // The lower router's claim: discarded (RFC 9568 §6.4.2, preempt); this router takes over on
        // its own timer, without a claim of its own (the segment is not silent).
        #expect(h.send(.advertisement(advert(priority: 100), source: lb2)) == [.report(.lowerPriorityDiscarded(source: lb2, priority: 100))])
        h.advance(to: .ms(3500) + h.router.activeDownInterval)
        #expect(h.router.state == .active)
        h.send(.advertisement(advert(priority: 100), source: lb2))
        #expect(h.router.state == .active)
    }

    @Test func aPriorityZeroTakeoverIsNeverDelayed() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.advance(to: .ms(1000))
        h.send(.advertisement(advert(priority: 0), source: lb2))
        h.advance(to: .ms(1000) + .nanoseconds(609_375_000))
        #expect(h.router.state == .active)
    }

    @Test func leavingFaultOrdersLikeAStart() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(.advertisement(advert(priority: 150), source: lb2))
        h.send(.health(RouterHealth(isFaulted: true, effectivePriority: 100)))
        h.advance(to: .ms(2000))
        h.send(.health(RouterHealth(isFaulted: false, effectivePriority: 100)))
        h.advance(to: .ms(2000) + h.router.activeDownInterval)
        #expect(h.router.state == .backup)
        h.advance(to: .ms(2000) + h.router.activeDownInterval + VirtualRouter.claimTime)
        #expect(h.router.state == .active)
    }
}
