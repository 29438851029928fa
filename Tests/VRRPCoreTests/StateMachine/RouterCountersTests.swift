import Testing
import VRRPCore

/// What each action and received advert counts as: keepalived's SIGUSR2 fields and ours.
@Suite struct RouterCountersTests {
    @Test func countsARouterThatBecomesActiveAndResigns() {
        var harness = Harness(configuration(priority: 100))
        var counters = RouterCounters()
        counters.record(harness.send(.startup))
        harness.advance(to: .ms(10_000))
        counters.record(harness.log.dropFirst(1).map(\.1))
        let before = counters
        counters.record(harness.send(.shutdown))
        #expect(before.becameActive == 1 && before.leftActive == 0 && before.transitions == 2)
        #expect(before.advertisementsSent == UInt64(harness.advertsSent.count - 1) && before.priorityZeroSent == 0)
        #expect(counters.leftActive == 1 && counters.transitions == 3)
        #expect(counters.priorityZeroSent == 1 && counters.advertisementsSent == before.advertisementsSent + 1)
    }

    @Test func countsAcceptedAdvertsDropsAndShellEvents() {
        var counters = RouterCounters()
        counters.recordAccepted(advert(priority: 120))
        counters.recordAccepted(advert(priority: 0))
        counters.recordDrop(.authentication)
        counters.recordDrop(.authentication)
        counters.recordDrop(.hopLimit)
        counters.recordAnnouncement()
        counters.recordSendError()
        counters.recordKernelError()
        #expect(counters.advertisementsReceived == 2 && counters.priorityZeroReceived == 1)
        #expect(counters.drops[.authentication] == 2 && counters.drops[.hopLimit] == 1 && counters.drops.total == 3)
        #expect(counters.announcementsSent == 1 && counters.sendErrors == 1 && counters.kernelErrors == 1)
    }
}
