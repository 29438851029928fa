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

    @Test func countersCountPerReason() {
        var counters = DropCounters()
        counters.record(.checksum)
        counters.record(.checksum)
        counters.record(.unknownSource)
        #expect(counters[.checksum] == 2 && counters[.unknownSource] == 1 && counters[.hopLimit] == 0)
        #expect(counters.total == 3)
    }
}
