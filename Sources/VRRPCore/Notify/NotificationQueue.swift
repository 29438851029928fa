/// A first-in first-out queue of notifications for one instance or sync group: one runs at a time, each
/// for at most `timeout`.
///
/// Guarantees: notifications start in enqueue order, never two of one queue at once; one that fails or
/// hangs never holds the next back — at its timeout the queue asks for a kill and starts the next at
/// the same instant (the killed process may linger while it dies, but it no longer counts). An exit
/// reported for anything but the running notification is ignored.
public struct NotificationQueue<Payload: Sendable>: Sendable {
    public let timeout: Duration
    private var waiting: [(id: NotificationID, payload: Payload)] = []
    private var running: (id: NotificationID, deadline: Instant)?
    private var lastID: UInt64 = 0

    public init(timeout: Duration) {
        self.timeout = timeout
    }

    /// Nothing running and nothing waiting.
    public var isIdle: Bool { running == nil && waiting.isEmpty }

    /// The running notification, if any.
    public var runningID: NotificationID? { running?.id }

    /// How many wait behind the running one.
    public var waitingCount: Int { waiting.count }

    /// The running notification's timeout, when one runs.
    public var nextDeadline: Instant? { running?.deadline }

    /// Queues a notification; starts it at once when the queue is idle.
    public mutating func enqueue(_ payload: Payload, now: Instant) -> [NotificationCommand<Payload>] {
        lastID += 1
        waiting.append((NotificationID(lastID), payload))
        return startNext(now: now)
    }

    /// The notification `id` exited; the next one starts.
    public mutating func finished(_ id: NotificationID, now: Instant) -> [NotificationCommand<Payload>] {
        guard running?.id == id else { return [] }
        running = nil
        return startNext(now: now)
    }

    /// At `nextDeadline`: the running notification is killed and the next one starts.
    public mutating func timersDue(now: Instant) -> [NotificationCommand<Payload>] {
        guard let current = running, current.deadline <= now else { return [] }
        running = nil
        return [.kill(current.id)] + startNext(now: now)
    }

    private mutating func startNext(now: Instant) -> [NotificationCommand<Payload>] {
        guard running == nil, !waiting.isEmpty else { return [] }
        let next = waiting.removeFirst()
        running = (next.id, now + timeout)
        return [.start(next.id, next.payload)]
    }
}
