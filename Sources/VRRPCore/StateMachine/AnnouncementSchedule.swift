/// When an Active router sends gratuitous ARP / unsolicited NA: bursts, their spacing, delayed bursts
/// and the periodic refresh (keepalived's `garp_*` keywords, keepalived.conf(5)).
struct AnnouncementSchedule: Sendable {
    /// keepalived's `garp_interval`: the gap between the messages of one burst; zero sends a burst at once.
    let spacing: Duration
    /// Bursts under way or waiting: each announces once at `next` (or all `remaining` at once without spacing).
    private var pending: [(next: Instant, remaining: Int)] = []
    private var refreshDeadline: Instant?

    init(spacing: Duration) {
        self.spacing = spacing
    }

    var nextDeadline: Instant? {
        pending.reduce(refreshDeadline) { $0.earliest($1.next) }
    }

    /// A burst of `count` announcements starting now: the actions due at once.
    mutating func burst(_ count: Int, now: Instant) -> [RouterAction] {
        guard count > 0 else { return [] }
        guard spacing > .zero else { return [.announceVirtualAddresses(count: count)] }
        if count > 1 { pending.append((now + spacing, count - 1)) }
        return [.announceVirtualAddresses(count: 1)]
    }

    /// A burst of `count` announcements starting at `instant`.
    mutating func schedule(_ count: Int, at instant: Instant) {
        guard count > 0 else { return }
        pending.append((instant, count))
    }

    /// keepalived's `garp_master_refresh`: announce every `interval` while Active, from `now` on.
    mutating func startRefresh(every interval: Duration, now: Instant) {
        refreshDeadline = interval > .zero ? now + interval : nil
    }

    /// Leaving Active: nothing more is announced.
    mutating func cancel() {
        pending = []
        refreshDeadline = nil
    }

    /// The announcements due at `now`; `refresh` is the refresh period and burst size.
    mutating func due(now: Instant, refresh: (interval: Duration, count: Int)) -> [RouterAction] {
        guard let deadline = nextDeadline, deadline <= now else { return [] }
        var actions: [RouterAction] = []
        var kept: [(next: Instant, remaining: Int)] = []
        for entry in pending {
            guard entry.next <= now else { kept.append(entry); continue }
            if spacing > .zero {
                actions.append(.announceVirtualAddresses(count: 1))
                // From the deadline, not from now, so the gaps do not drift; after a stall, from now, so
                // the rest of the burst stays spaced.
                let next = entry.next + spacing > now ? entry.next + spacing : now + spacing
                if entry.remaining > 1 { kept.append((next, entry.remaining - 1)) }
            } else {
                actions.append(.announceVirtualAddresses(count: entry.remaining))
            }
        }
        pending = kept
        if let deadline = refreshDeadline, deadline <= now {
            let next = deadline + refresh.interval
            refreshDeadline = next > now ? next : now + refresh.interval
            actions += burst(refresh.count, now: now)
        }
        return actions
    }
}
