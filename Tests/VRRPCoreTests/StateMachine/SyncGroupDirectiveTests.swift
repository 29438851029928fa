import Testing
import VRRPCore

@Suite struct SyncGroupDirectiveTests {
    // Forced Active: like the Active_Down_Timer firing — advert, addresses, announcements.
    @Test func forcedActiveFromBackup() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.advance(to: .ms(1000))
        #expect(h.send(.syncGroup(.active)) == [
            .changeState(from: .backup, to: .active, reason: .syncGroup),
            .sendAdvertisement(priority: 100), .addVirtualAddresses, .announceVirtualAddresses(count: 5),
        ])
        #expect(h.router.nextDeadline == .ms(2000))
    }

    // Forced Backup from Active: addresses released, Active_Down_Timer started.
    @Test func forcedBackupFromActive() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        h.advance(to: .ms(500))
        #expect(h.send(.syncGroup(.backup)) == [
            .changeState(from: .active, to: .backup, reason: .syncGroup), .removeVirtualAddresses,
        ])
        #expect(h.router.nextDeadline == .ms(500) + h.router.activeDownInterval)
    }

    // Directives that do not apply to the current state change nothing.
    @Test func inapplicableDirectivesAreIgnored() {
        var h = Harness(configuration(priority: 100))
        #expect(h.send(.syncGroup(.active)) == [])
        h.send(.startup)
        #expect(h.send(.syncGroup(.backup)) == [])
        #expect(h.send(.syncGroup(.recover)) == [])
        h.send(.syncGroup(.fault))
        #expect(h.send(.syncGroup(.active)) == [])
        #expect(h.router.state == .fault)
    }

    // The group's FAULT holds a healthy member until the group recovers.
    @Test func groupFaultHoldsUntilRecover() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        #expect(h.send(.syncGroup(.fault)).last == .changeState(from: .active, to: .fault, reason: .syncGroup))
        #expect(h.send(healthy(255)) == [])
        #expect(h.router.state == .fault)
        #expect(h.send(.syncGroup(.recover)).first == .changeState(from: .fault, to: .active, reason: .syncGroup))
    }

    // Recovering the group does not lift a member's own fault.
    @Test func recoverKeepsOwnFault() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(faulted())
        h.send(.syncGroup(.fault))
        #expect(h.send(.syncGroup(.recover)) == [])
        #expect(h.router.state == .fault)
        #expect(h.send(healthy()) == [.changeState(from: .fault, to: .backup, reason: .recovered)])
    }

    // A group fault given before start-up starts the member in FAULT.
    @Test func groupFaultBeforeStartup() {
        var h = Harness(configuration(priority: 100))
        h.send(.syncGroup(.fault))
        #expect(h.send(.startup) == [.changeState(from: .initialize, to: .fault, reason: .faulted)])
    }
}
