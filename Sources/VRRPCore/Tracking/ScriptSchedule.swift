/// When each `vrrp_script` runs and when a run that takes too long is killed. No clock, no processes:
/// the shell starts and kills what `timersDue(now:)` says and reports each exit with `finished(_:now:)`.
///
/// keepalived.conf(5), `vrrp_script`: run "every <interval> seconds"; after `timeout` seconds the run
/// is "considered to have failed". Runs are spaced from their starts; a run never overlaps the previous
/// one: when the next is due while the previous still runs, that turn is skipped (keepalived skips a
/// run whose previous instance is still running), and a killed run counts as running until it is
/// reaped. The first runs are due at once (keepalived starts each tracking script at start-up).
public struct ScriptSchedule: Sendable {
    public struct Timing: Hashable, Sendable {
        public var interval: Duration
        /// Zero: never killed.
        public var timeout: Duration

        public init(interval: Duration, timeout: Duration) {
            self.interval = interval
            self.timeout = timeout
        }
    }

    public enum Command: Hashable, Sendable {
        /// Run script `index` now.
        case start(Int)
        /// Script `index` ran past its timeout: kill it; the run is a failure (`ScriptResult.timeout`).
        case kill(Int)
    }

    private struct Entry: Sendable {
        let timing: Timing
        var nextRun: Instant
        var startedAt: Instant?
        var isKilled = false

        var killDeadline: Instant? {
            guard let startedAt, !isKilled, timing.timeout > .zero else { return nil }
            return startedAt + timing.timeout
        }
    }

    private var entries: [Entry]

    public init(_ timings: [Timing], now: Instant) {
        entries = timings.map { Entry(timing: $0, nextRun: now) }
    }

    /// A reload: the scripts are now `timings`; `previous[i]`, when not nil, is the index the same
    /// unchanged script had, and it keeps its turn and its running run. The others are due at once.
    public mutating func replace(with timings: [Timing], previous: [Int?], now: Instant) {
        let old = entries
        entries = timings.indices.map { index in
            if let before = previous[index], old[before].timing == timings[index] { return old[before] }
            return Entry(timing: timings[index], nextRun: now)
        }
    }

    /// The earliest time the shell must call `timersDue(now:)`.
    public var nextDeadline: Instant? {
        entries.flatMap { [$0.nextRun, $0.killDeadline].compactMap { $0 } }.min()
    }

    public func isRunning(_ index: Int) -> Bool { entries[index].startedAt != nil }

    /// Kills for runs past their timeout, then starts for scripts due and idle.
    public mutating func timersDue(now: Instant) -> [Command] {
        var kills: [Command] = []
        var starts: [Command] = []
        for index in entries.indices {
            if let deadline = entries[index].killDeadline, deadline <= now {
                entries[index].isKilled = true
                kills.append(.kill(index))
            }
            guard entries[index].nextRun <= now else { continue }
            let interval = entries[index].timing.interval
            // The next turn counts from this one, or from now after a stall (no burst of runs).
            let next = entries[index].nextRun + interval
            entries[index].nextRun = next > now ? next : now + interval
            guard entries[index].startedAt == nil else { continue }
            entries[index].startedAt = now
            entries[index].isKilled = false
            starts.append(.start(index))
        }
        return kills + starts
    }

    /// Script `index` exited (or its killed run was reaped).
    public mutating func finished(_ index: Int, now: Instant) {
        entries[index].startedAt = nil
        entries[index].isKilled = false
    }
}
