import Testing
import VRRPCore

@Suite struct RiseFallCounterTests {
    // Without init_fail the first result decides at once (keepalived: "one success is enough").
    @Test func firstResultDecides() {
        var good = RiseFallCounter(rise: 3, fall: 3)
        #expect(good.status == .pending)
        let becameGood = good.record(.success)
        #expect(becameGood)
        #expect(good.status == .good)

        var bad = RiseFallCounter(rise: 3, fall: 3)
        let becameBad = bad.record(.failure)
        #expect(becameBad)
        #expect(bad.status == .bad)
    }

    // init_fail: starts bad and needs `rise` successes.
    @Test func initFailNeedsRiseSuccesses() {
        var counter = RiseFallCounter(rise: 2, fall: 1, initiallyFailed: true)
        #expect(counter.status == .bad)
        let changedAfterOne = counter.record(.success)
        #expect(!changedAfterOne)
        let changedAfterTwo = counter.record(.success)
        #expect(changedAfterTwo)
        #expect(counter.status == .good)
    }

    // `fall` consecutive failures make a good script bad; a success in between resets the count.
    @Test func fallCountsConsecutiveFailures() {
        var counter = RiseFallCounter(rise: 1, fall: 3)
        counter.record(.success)
        counter.record(.failure)
        counter.record(.failure)
        counter.record(.success)
        counter.record(.failure)
        counter.record(.failure)
        #expect(counter.status == .good)
        let changedOnThird = counter.record(.failure)
        #expect(changedOnThird)
        #expect(counter.status == .bad)
    }

    // `rise` consecutive successes make a bad script good; a failure in between resets the count.
    @Test func riseCountsConsecutiveSuccesses() {
        var counter = RiseFallCounter(rise: 2, fall: 1)
        counter.record(.failure)
        counter.record(.success)
        counter.record(.failure)
        counter.record(.success)
        #expect(counter.status == .bad)
        counter.record(.success)
        #expect(counter.status == .good)
    }

    // A timeout is a failure.
    @Test func timeoutIsFailure() {
        var counter = RiseFallCounter(rise: 1, fall: 1)
        counter.record(.success)
        let changedOnTimeout = counter.record(.timeout)
        #expect(changedOnTimeout)
        #expect(counter.status == .bad)
    }

    @Test func zeroRiseAndFallCountAsOne() {
        let counter = RiseFallCounter(rise: 0, fall: -2)
        #expect(counter.rise == 1 && counter.fall == 1)
    }
}
