/// Make-before-break: a planned resignation that never leaves the addresses unserved.
///
/// RFC 9568 §6.4.3 (and RFC 3768 §6.4.3) has an Active router that shuts down send priority 0 and
/// leave; a Backup takes over after Skew_Time, so clients lose Skew_Time (≈ 0.6 s at priority 100
/// and a 1 s interval) of traffic. Here the resigning router sends priority 0 as the RFC says but
/// keeps its addresses until the advert of the router that took over arrives — that router has
/// installed the addresses and announces them with gratuitous ARP / unsolicited NA — and only then
/// removes them. The Backups see exactly the RFC's sequence; clients see no gap beyond the switch of
/// their ARP / neighbour entry.
///
/// - `.shutdownAfterHandover` (SIGTERM): the router is in Initialize while it holds the addresses;
///   if nobody takes over within `handoverBound` it releases them anyway.
/// - `.maintenance(true)` (`keepvip handover`): the router advertises priority 1 from then on; an
///   Active one resigns and waits as a Backup holding the addresses. If nobody takes over before its
///   own Active_Down_Timer fires it becomes Active again (still at priority 1) rather than leave the
///   addresses unserved. `.maintenance(false)` restores its priority; a preempting router then takes
///   the addresses back the ordinary way.
extension VirtualRouter {
    struct Handover: Hashable, Sendable {
        /// When to give up waiting (planned stop); nil while a Backup's own timer is the bound.
        var deadline: Instant?
    }

    /// Addresses are still held after resigning.
    public var isHandingOver: Bool { handover != nil }

    /// How long a stopping router holds its addresses for a taker: the longest Skew_Time a Backup can
    /// have (one interval), one interval for its first advert, and half an interval of margin.
    public var handoverBound: Duration {
        configuration.advertisementInterval * 5 / 2
    }

    mutating func releaseIfTakenOver(_ advertisement: Advertisement, from source: IPAddress) -> [RouterAction] {
        // Another router's resignation is not a takeover.
        guard advertisement.priority > 0 else { return [] }
        handover = nil
        return [.report(.handedOver(to: source)), .removeVirtualAddresses]
    }

    mutating func releaseAtBound(now: Instant) -> [RouterAction] {
        guard let deadline = handover?.deadline, deadline <= now else { return [] }
        handover = nil
        return [.report(.handoverUnanswered), .removeVirtualAddresses]
    }

    /// Maintenance on: priority 1, and an Active router hands over. Off: the configured priority
    /// (after tracker weights) again. An address owner has no maintenance mode (RFC 9568 §6.1: it
    /// always takes its addresses); the shell refuses it before asking.
    mutating func setMaintenance(_ isOn: Bool, now: Instant) -> [RouterAction] {
        guard isOn != isInMaintenance, !configuration.isAddressOwner else { return [] }
        let previousPriority = effectivePriority
        isInMaintenance = isOn
        effectivePriority = effectivePriority(for: health)
        var actions: [RouterAction] = []
        if effectivePriority != previousPriority {
            actions.append(.report(.priorityChanged(from: previousPriority, to: effectivePriority)))
        }
        guard isOn, state == .active else {
            return actions + priorityMoved(from: previousPriority, now: now)
        }
        // RFC9568-6.4.3-8's resignation, but the addresses stay until the taker's advert.
        leaveActive()
        activeAdvertisementIntervalCentiseconds = configuration.advertisementIntervalCentiseconds
        activeDownDeadline = now + activeDownInterval
        handover = Handover(deadline: nil)
        return actions + [
            .sendAdvertisement(priority: 0),
            .report(.sentPriorityZero),
            .changeState(from: .active, to: .backup, reason: .maintenance),
        ]
    }
}
