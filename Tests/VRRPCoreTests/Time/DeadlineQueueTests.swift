import Testing
import VRRPCore

@Suite struct DeadlineQueueTests {
    final class Timer: Identifiable {
        let name: String
        init(_ name: String) { self.name = name }
    }

    private func at(_ milliseconds: Int64) -> Instant { Instant(nanoseconds: milliseconds * 1_000_000) }

    /// Pops everything due by `now`, in order.
    private func drain(_ queue: inout DeadlineQueue<Timer>, now: Instant) -> [String] {
        var names: [String] = []
        while let timer = queue.popDue(now: now) { names.append(timer.name) }
        return names
    }

    @Test func popsInDeadlineOrderOnlyWhatIsDue() {
        var queue = DeadlineQueue<Timer>()
        let timers = (0..<5).map { Timer("t\($0)") }
        for (timer, deadline) in zip(timers, [50, 10, 40, 20, 30] as [Int64]) { queue.schedule(timer, at: at(deadline)) }
        #expect(queue.nextDeadline == at(10))
        #expect(drain(&queue, now: at(30)) == ["t1", "t3", "t4"])
        #expect(queue.count == 2)
        #expect(queue.nextDeadline == at(40))
    }

    @Test func reschedulingMovesAnElementBothWays() {
        var queue = DeadlineQueue<Timer>()
        let a = Timer("a"), b = Timer("b"), c = Timer("c")
        queue.schedule(a, at: at(10))
        queue.schedule(b, at: at(20))
        queue.schedule(c, at: at(30))
        queue.schedule(a, at: at(40))
        queue.schedule(c, at: at(5))
        #expect(queue.count == 3)
        #expect(queue.deadline(of: a) == at(40))
        #expect(drain(&queue, now: at(100)) == ["c", "b", "a"])
    }

    @Test func nilOrRemoveTakesAnElementOut() {
        var queue = DeadlineQueue<Timer>()
        let a = Timer("a"), b = Timer("b"), c = Timer("c")
        for (timer, deadline) in [(a, 10), (b, 20), (c, 30)] as [(Timer, Int64)] { queue.schedule(timer, at: at(deadline)) }
        queue.schedule(a, at: nil)
        queue.remove(c)
        queue.remove(c)
        #expect(queue.deadline(of: a) == nil)
        #expect(drain(&queue, now: at(100)) == ["b"])
        #expect(queue.isEmpty && queue.nextDeadline == nil)
    }

    /// The heap against a sorted list, over a long pseudo-random run of schedules and removals.
    @Test func matchesASortedListUnderRandomUse() {
        var queue = DeadlineQueue<Timer>()
        var expected: [ObjectIdentifier: Int64] = [:]
        let timers = (0..<64).map { Timer("t\($0)") }
        var random = CongruentialSequence(seed: 9568)
        var now: Int64 = 0
        for _ in 0..<20_000 {
            let timer = timers[Int(random.next() % 64)]
            switch random.next() % 4 {
            case 0:
                queue.remove(timer)
                expected[timer.id] = nil
            case 1:
                now += Int64(random.next() % 20)
                var popped: [Int64] = []
                while let due = queue.popDue(now: at(now)) {
                    popped.append(expected.removeValue(forKey: due.id) ?? -1)
                }
                #expect(popped == popped.sorted() && popped.allSatisfy { $0 >= 0 && $0 <= now })
                #expect(expected.values.allSatisfy { $0 > now })
            default:
                let deadline = now + Int64(random.next() % 1000)
                queue.schedule(timer, at: at(deadline))
                expected[timer.id] = deadline
            }
            #expect(queue.count == expected.count)
            #expect(queue.nextDeadline == expected.values.min().map(at))
        }
    }
}

/// A deterministic sequence (Knuth's MMIX linear congruential generator, high bits), so the run is
/// the same every time.
private struct CongruentialSequence {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
