import Testing
import VRRPCore

@Suite struct LogRateLimiterTests {
    @Test func allowsOnePerSecondPerKey() {
        var limiter = LogRateLimiter<DropReason>()
        #expect(limiter.permit(.checksum, now: .ms(0)) == (true, 0))
        #expect(limiter.permit(.checksum, now: .ms(500)).allowed == false)
        #expect(limiter.permit(.checksum, now: .ms(900)).allowed == false)
        #expect(limiter.permit(.interval, now: .ms(900)) == (true, 0))
        #expect(limiter.permit(.checksum, now: .ms(1000)) == (true, 2))
    }

    // A burst: one line, then one summary per period while it lasts, and one when it ends.
    @Test func summariesCloseABurst() {
        var limiter = LogRateLimiter<DropReason>()
        #expect(limiter.nextSummaryDeadline == nil)
        #expect(limiter.permit(.checksum, now: .ms(0)).allowed)
        for ms in stride(from: Int64(10), to: 1500, by: 10) {
            if ms == 1000 {
                let due = limiter.dueSummaries(now: .ms(1000))
                #expect(due.count == 1 && due[0].suppressed == 99 && due[0].since == .ms(0))
            }
            #expect(!limiter.permit(.checksum, now: .ms(ms)).allowed)
        }
        #expect(limiter.nextSummaryDeadline == .ms(2000))
        #expect(limiter.dueSummaries(now: .ms(1999)).isEmpty)
        let last = limiter.dueSummaries(now: .ms(2000))
        #expect(last.count == 1 && last[0].suppressed == 50)
        #expect(limiter.nextSummaryDeadline == nil)
    }

    @Test func countersCountPerReason() {
        var counters = DropCounters()
        counters.record(.checksum)
        counters.record(.checksum)
        counters.record(.unknownSource)
        #expect(counters[.checksum] == 2 && counters[.unknownSource] == 1 && counters[.hopLimit] == 0)
        #expect(counters.total == 3)
    }
}
