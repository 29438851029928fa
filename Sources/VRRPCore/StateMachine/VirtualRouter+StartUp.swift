/// Start-up without a flip-flop: two routers started together never put the addresses on the
/// lower priority first.
///
/// RFC 9568 §6.4.1 starts every non-owner as a Backup with a full Active_Down_Interval; the
/// intervals of two routers differ only by their Skew_Times (10 ms apart for priorities 100 and
/// 150 at a 50 ms interval), so a lower-priority router started a little earlier times out first,
/// takes the addresses, and is preempted when the other one's timer fires: clients see the VIP
/// move twice. keepalived leaves this to `vrrp_startup_delay`, set by hand.
///
/// Here, when the Active_Down_Timer fires while the router has heard no advert at all since it
/// started (or left FAULT), it does what RFC 9568 §6.4.2 says first — it sends its advert, and
/// keeps advertising every interval so lower-priority Backups keep waiting — but installs the
/// addresses only `claimTime` later, and only if no better router has advertised meanwhile. A
/// better router started at about the same time has its own timer fire within that window (its
/// Skew_Time is shorter; the window covers the difference in start times), so its advert arrives
/// first and the lower one goes back to Backup without ever having held the addresses. Every
/// message is an ordinary advert; the cost is `claimTime` on the first Active of a router that
/// starts alone. A Backup timeout after any advert has been heard is unchanged: a router that
/// restarts beside an Active one, or takes over after a priority-0 advert, does so on the RFC's
/// timers to the millisecond.
extension VirtualRouter {
    /// How much later than its timer a starting router installs the addresses: long enough for
    /// routers started 100 ms apart, whatever the interval.
    public static let claimTime: Duration = .milliseconds(100)

    /// The Active_Down_Timer fired during start-up: advertise now and every interval, and become
    /// Active at `claimTime` unless a better router is heard first.
    mutating func claim(now: Instant) -> [RouterAction] {
        activeDownDeadline = nil
        claimDeadline = now + Self.claimTime
        advertisementDeadline = now + configuration.advertisementInterval
        return [.sendAdvertisement(priority: effectivePriority)]
    }
}
