/// A point on a monotonic timeline, in nanoseconds from an arbitrary origin.
///
/// The core never reads a clock: the shell passes `now` in with every event, so tests drive
/// the protocol with virtual time.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static let zero = Instant(nanoseconds: 0)

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanoseconds: lhs.nanoseconds + rhs.nanoseconds)
    }

    public static func - (lhs: Instant, rhs: Duration) -> Instant {
        Instant(nanoseconds: lhs.nanoseconds - rhs.nanoseconds)
    }

    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        .nanoseconds(lhs.nanoseconds - rhs.nanoseconds)
    }

    public var description: String {
        let millis = Double(nanoseconds) / 1_000_000
        return "t=\(millis)ms"
    }
}

extension Duration {
    /// The whole nanoseconds in this duration (durations here are far below 292 years).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension Optional<Instant> {
    /// The earlier of two deadlines, either of which may be absent (no allocation, unlike `[a, b].min()`).
    @inlinable
    public func earliest(_ other: Instant?) -> Instant? {
        guard let self else { return other }
        guard let other else { return self }
        return Swift.min(self, other)
    }
}
