import Testing
import VRRPCore

/// Make-before-break (`VirtualRouter+Handover.swift`): a planned stop and maintenance mode resign
/// as the RFC says and keep the addresses until another router's advert shows it took over.
@Suite struct HandoverTests {
    /// A router that has been Active since 4 s (priority 150, 1 s interval).
    func activeRouter(priority: UInt8 = 150) -> Harness {
        var harness = Harness(configuration(priority: priority))
        harness.send(.startup)
        harness.advance(to: .ms(4_000))
        #expect(harness.router.state == .active)
        return harness
    }

    @Test func plannedStopHoldsTheAddressesUntilTheTakersAdvert() {
        var harness = activeRouter()
        let stop = harness.send(.shutdownAfterHandover)
        // RFC9568-6.4.3-8: priority 0 and Initialize, as at any Shutdown — but the addresses stay.
        #expect(stop == [.sendAdvertisement(priority: 0), .report(.sentPriorityZero),
                         .changeState(from: .active, to: .initialize, reason: .shutdown)])
        #expect(harness.router.isHandingOver && harness.router.nextDeadline == .ms(4_000) + .milliseconds(2_500))
        // Another resignation is not a takeover.
        harness.advance(to: .ms(4_200))
        #expect(harness.send(.advertisement(advert(priority: 0), source: lb2)) == [])
        harness.advance(to: .ms(4_400))
        #expect(harness.send(.advertisement(advert(priority: 100), source: lb2))
            == [.report(.handedOver(to: lb2)), .removeVirtualAddresses])
        #expect(!harness.router.isHandingOver && harness.router.nextDeadline == nil)
        #expect(harness.send(.advertisement(advert(priority: 100), source: lb2)) == [])
    }

    @Test func plannedStopReleasesAtTheBoundWhenNobodyTakesOver() {
        var harness = activeRouter()
        harness.send(.shutdownAfterHandover)
        harness.advance(to: .ms(6_499))
        #expect(harness.router.isHandingOver)
        harness.advance(to: .ms(6_500))
        #expect(harness.log.suffix(2).map(\.1) == [.report(.handoverUnanswered), .removeVirtualAddresses])
        #expect(!harness.router.isHandingOver)
    }

    @Test func aSecondShutdownReleasesAtOnce() {
        var harness = activeRouter()
        harness.send(.shutdownAfterHandover)
        #expect(harness.send(.shutdown) == [.removeVirtualAddresses])
        #expect(!harness.router.isHandingOver)
    }

    @Test func theRFCShutdownStillReleasesAtOnce() {
        var harness = activeRouter()
        #expect(harness.send(.shutdown) == [.sendAdvertisement(priority: 0), .report(.sentPriorityZero), .removeVirtualAddresses,
                                            .changeState(from: .active, to: .initialize, reason: .shutdown)])
        #expect(!harness.router.isHandingOver)
    }

    @Test func maintenanceHandsOverToAPeerAndStaysBackup() {
        var harness = activeRouter()
        let actions = harness.send(.maintenance(true))
        #expect(actions == [.report(.priorityChanged(from: 150, to: 1)), .sendAdvertisement(priority: 0),
                            .report(.sentPriorityZero), .changeState(from: .active, to: .backup, reason: .maintenance)])
        #expect(harness.router.isInMaintenance && harness.router.isHandingOver && harness.router.effectivePriority == 1)
        // The peer took over after its Skew_Time: its first advert releases the addresses.
        harness.advance(to: .ms(4_600))
        #expect(harness.send(.advertisement(advert(priority: 100), source: lb2))
            == [.report(.handedOver(to: lb2)), .removeVirtualAddresses])
        // From then on an ordinary Backup at priority 1, however long the peer stays.
        for second in 5...20 {
            harness.advance(to: .ms(Int64(second) * 1_000))
            harness.send(.advertisement(advert(priority: 100), source: lb2))
        }
        #expect(harness.router.state == .backup && !harness.router.isHandingOver)
    }

    @Test func maintenanceWithNobodyToTakeOverServesAgainAtPriorityOne() {
        var harness = activeRouter()
        harness.send(.maintenance(true))
        // No advert: at Active_Down_Interval (priority 1: 3 s + 255/256 s) it is Active again.
        harness.advance(to: .ms(8_000))
        #expect(harness.router.state == .active && !harness.router.isHandingOver)
        #expect(harness.log.contains { $0.1 == .report(.handoverRefusedByPeers) })
        #expect(harness.advertsSent.last == 1)
    }

    @Test func cancellingMaintenanceRestoresThePriority() {
        var harness = activeRouter()
        harness.send(.maintenance(true))
        harness.send(.advertisement(advert(priority: 100), source: lb2))
        #expect(harness.send(.maintenance(false)) == [.report(.priorityChanged(from: 1, to: 150))])
        #expect(!harness.router.isInMaintenance && harness.router.effectivePriority == 150)
        // Preempt on: the lower-priority Active router is discarded and this one takes over.
        harness.advance(to: .ms(5_000))
        harness.send(.advertisement(advert(priority: 100), source: lb2))
        harness.advance(to: .ms(9_000))
        #expect(harness.router.state == .active)
    }

    @Test func maintenanceSurvivesAStartAndNeverPreempts() {
        var harness = Harness(configuration(priority: 150))
        harness.send(.maintenance(true))
        harness.send(.startup)
        #expect(harness.router.state == .backup && harness.router.effectivePriority == 1)
        for second in 1...10 {
            harness.advance(to: .ms(Int64(second) * 1_000))
            #expect(harness.send(.advertisement(advert(priority: 100), source: lb2)) == [])
        }
        #expect(harness.router.state == .backup)
    }

    @Test func aFaultWhileHoldingReleases() {
        var harness = activeRouter()
        harness.send(.maintenance(true))
        let actions = harness.send(.health(RouterHealth(isFaulted: true, effectivePriority: 150)))
        #expect(actions.contains(.removeVirtualAddresses) && harness.router.state == .fault && !harness.router.isHandingOver)
    }

    @Test func anAddressOwnerHasNoMaintenance() {
        var harness = Harness(configuration(priority: 255))
        harness.send(.startup)
        #expect(harness.send(.maintenance(true)) == [] && !harness.router.isInMaintenance)
    }
}
