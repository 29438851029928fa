import Testing
import VRRPCore

/// Runs a schedule in virtual time; each started script takes `durations[index]` (nil: hangs until killed,
/// then is reaped at once).
private struct ScheduleHarness {
    var schedule: ScriptSchedule
    var durations: [Duration?]
    var now = Instant.zero
    var log: [(Instant, ScriptSchedule.Command)] = []
    var exits: [(at: Instant, index: Int)] = []

    init(_ timings: [ScriptSchedule.Timing], durations: [Duration?]) {
        schedule = ScriptSchedule(timings, now: .zero)
        self.durations = durations
    }

    mutating func advance(to end: Instant) {
        while true {
            let nextExit = exits.map(\.at).min()
            let next = [schedule.nextDeadline, nextExit].compactMap { $0 }.min()
            guard let next, next <= end else { break }
            now = next
            for exit in exits where exit.at <= now { schedule.finished(exit.index, now: now) }
            exits.removeAll { $0.at <= now }
            guard let deadline = schedule.nextDeadline, deadline <= now else { continue }
            for command in schedule.timersDue(now: now) {
                log.append((now, command))
                switch command {
                case .start(let index):
                    if let duration = durations[index] { exits.append((now + duration, index)) }
                case .kill(let index):
                    exits.append((now, index))
                }
            }
        }
        now = end
    }

    func times(of command: ScriptSchedule.Command) -> [Instant] { log.filter { $0.1 == command }.map(\.0) }
}

@Suite struct ScriptScheduleTests {
    // Runs start at once and then every interval, counted from the starts.
    // A reload: an unchanged script keeps its turn and its running run; a new or changed one is due at once.
    @Test func replaceKeepsUnchangedScripts() {
        let every2 = ScriptSchedule.Timing(interval: .seconds(2), timeout: .zero)
        let every3 = ScriptSchedule.Timing(interval: .seconds(3), timeout: .zero)
        var schedule = ScriptSchedule([every2, every3], now: .zero)
        #expect(schedule.timersDue(now: .zero) == [.start(0), .start(1)])
        schedule.finished(0, now: .zero + .milliseconds(100))
        // Script 1 (still running) moves to index 0; script 0 is dropped; a new script joins.
        schedule.replace(with: [every3, every2], previous: [1, nil], now: .zero + .seconds(1))
        #expect(schedule.isRunning(0))
        #expect(schedule.timersDue(now: .zero + .seconds(1)) == [.start(1)])
        #expect(schedule.nextDeadline == .zero + .seconds(3))
    }

    @Test func runsEveryInterval() {
        var h = ScheduleHarness([.init(interval: .seconds(2), timeout: .seconds(1))], durations: [.milliseconds(300)])
        h.advance(to: .ms(7000))
        #expect(h.times(of: .start(0)) == [.ms(0), .ms(2000), .ms(4000), .ms(6000)])
        #expect(h.times(of: .kill(0)).isEmpty)
    }

    // A run past its timeout is killed at the timeout.
    @Test func slowRunIsKilledAtTimeout() {
        var h = ScheduleHarness([.init(interval: .seconds(5), timeout: .seconds(2))], durations: [nil])
        h.advance(to: .ms(11_000))
        #expect(h.times(of: .kill(0)) == [.ms(2000), .ms(7000)])
        #expect(h.times(of: .start(0)) == [.ms(0), .ms(5000), .ms(10_000)])
    }

    // Never two runs at once: a turn that comes while the previous run lasts is skipped.
    @Test func neverStartsTwiceConcurrently() {
        var h = ScheduleHarness([.init(interval: .seconds(1), timeout: .zero)], durations: [.milliseconds(2500)])
        h.advance(to: .ms(6000))
        #expect(h.times(of: .start(0)) == [.ms(0), .ms(3000), .ms(6000)])
    }

    // A killed run still counts as running until it is reaped.
    @Test func killedRunBlocksUntilReaped() {
        var schedule = ScriptSchedule([.init(interval: .seconds(1), timeout: .milliseconds(500))], now: .zero)
        #expect(schedule.timersDue(now: .zero) == [.start(0)])
        #expect(schedule.timersDue(now: .ms(500)) == [.kill(0)])
        #expect(schedule.isRunning(0))
        #expect(schedule.nextDeadline == .ms(1000))
        #expect(schedule.timersDue(now: .ms(1000)) == [])
        schedule.finished(0, now: .ms(1200))
        #expect(schedule.timersDue(now: .ms(2000)) == [.start(0)])
    }

    // Scripts are independent.
    @Test func scriptsAreIndependent() {
        var h = ScheduleHarness(
            [.init(interval: .seconds(1), timeout: .zero), .init(interval: .seconds(3), timeout: .zero)],
            durations: [.milliseconds(10), .milliseconds(10)]
        )
        h.advance(to: .ms(6500))
        #expect(h.times(of: .start(0)).count == 7)
        #expect(h.times(of: .start(1)) == [.ms(0), .ms(3000), .ms(6000)])
    }

    // After a stall the schedule restarts from now: one run, not a burst.
    @Test func stallDoesNotBurst() {
        var schedule = ScriptSchedule([.init(interval: .seconds(1), timeout: .zero)], now: .zero)
        _ = schedule.timersDue(now: .zero)
        schedule.finished(0, now: .ms(10))
        #expect(schedule.timersDue(now: .ms(9300)) == [.start(0)])
        #expect(schedule.nextDeadline == .ms(10_300))
    }
}
