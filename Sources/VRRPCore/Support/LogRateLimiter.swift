/// Allows one log line per key per period (RFC 9568 §7.1 asks that logging of bad packets be rate-limited).
public struct LogRateLimiter<Key: Hashable & Sendable>: Sendable {
    public let period: Duration
    private var lastLogged: [Key: Instant] = [:]
    private var suppressed: [Key: Int] = [:]

    public init(period: Duration = .seconds(1)) {
        self.period = period
    }

    /// Whether a line for `key` may be logged now, and how many were held back since the last one.
    public mutating func permit(_ key: Key, now: Instant) -> (allowed: Bool, suppressed: Int) {
        if let last = lastLogged[key], now - last < period {
            suppressed[key, default: 0] += 1
            return (false, 0)
        }
        lastLogged[key] = now
        let held = suppressed.removeValue(forKey: key) ?? 0
        return (true, held)
    }

    /// When a key that holds lines back is due for its summary: one period after its last line.
    public var nextSummaryDeadline: Instant? {
        suppressed.keys.reduce(nil as Instant?) { $0.earliest(lastLogged[$1]) }.map { $0 + period }
    }

    /// The keys due for a summary at `now`, with how many lines each held back since `since`. A
    /// summary takes the key's turn, so a flood gets one line, then one summary per period, and a
    /// last summary when it ends.
    public mutating func dueSummaries(now: Instant) -> [(key: Key, suppressed: Int, since: Instant)] {
        var due: [(key: Key, suppressed: Int, since: Instant)] = []
        for (key, count) in suppressed {
            guard let last = lastLogged[key], now - last >= period else { continue }
            due.append((key, count, last))
            suppressed[key] = nil
            lastLogged[key] = now
        }
        return due
    }
}
