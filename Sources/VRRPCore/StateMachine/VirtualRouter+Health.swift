/// keepalived's FAULT state and effective priority: what the trackers' verdict does to a router.
extension VirtualRouter {
    /// The priority a verdict gives: the address owner keeps 255 (keepalived never changes an owner's
    /// priority, vrrp_track.c); anyone else stays within 1…254, the range RFC 9568 §6.1 leaves to
    /// non-owners.
    func effectivePriority(for health: RouterHealth) -> UInt8 {
        if configuration.isAddressOwner { return 255 }
        // Maintenance (`VirtualRouter+Handover.swift`): the lowest priority a router can advertise.
        if isInMaintenance { return 1 }
        return min(max(health.effectivePriority, 1), 254)
    }

    mutating func apply(_ newHealth: RouterHealth, now: Instant) -> [RouterAction] {
        let wasFaulted = isFaulted
        let previousPriority = effectivePriority
        health = newHealth
        effectivePriority = effectivePriority(for: newHealth)
        var actions: [RouterAction] = []
        if effectivePriority != previousPriority {
            actions.append(.report(.priorityChanged(from: previousPriority, to: effectivePriority)))
        }
        switch (wasFaulted, isFaulted) {
        case (false, true):
            return actions + enterFault(reason: .faulted)
        case (true, false):
            return actions + leaveFault(reason: .recovered, now: now)
        default:
            guard effectivePriority != previousPriority else { return actions }
            return actions + priorityMoved(from: previousPriority, now: now)
        }
    }

    /// The effective priority changed while the router stays where it is.
    mutating func priorityMoved(from previous: UInt8, now: Instant) -> [RouterAction] {
        switch state {
        case .active:
            // Tell the Backups at once, so a higher one preempts (or a lower one stops trying) without
            // waiting an interval; the Adver_Timer restarts from this advert.
            advertisementDeadline = now + configuration.advertisementInterval
            return [.sendAdvertisement(priority: effectivePriority)]
        case .backup:
            // Skew_Time depends on the priority: keepalived moves the running Active_Down_Timer by the
            // change in Active_Down_Interval (vrrp_track.c, vrrp_set_effective_priority).
            if let deadline = activeDownDeadline {
                var before = self
                before.effectivePriority = previous
                activeDownDeadline = deadline + (activeDownInterval - before.activeDownInterval)
            }
            return []
        case .initialize, .fault:
            return []
        }
    }

    /// Enter FAULT: an Active router resigns with priority 0 (so a Backup takes over after Skew_Time,
    /// as keepalived does since its "send prio 0 when entering FAULT state" change) and releases its
    /// addresses; every timer stops. Before start-up nothing happens: `.startup` goes to FAULT.
    mutating func enterFault(reason: TransitionReason) -> [RouterAction] {
        let previous = state
        guard previous == .backup || previous == .active else { return [] }
        state = .fault
        advertisementDeadline = nil
        activeDownDeadline = nil
        claimDeadline = nil
        isStartingUp = false
        announcements.cancel()
        preemptionAllowedAt = nil
        preemptionDelayReported = false
        guard previous == .active else {
            // A Backup in maintenance that still holds its addresses lets them go.
            let held: [RouterAction] = handover == nil ? [] : [.removeVirtualAddresses]
            handover = nil
            return held + [.changeState(from: previous, to: .fault, reason: reason)]
        }
        return [
            .sendAdvertisement(priority: 0),
            .report(.sentPriorityZero),
            .removeVirtualAddresses,
            .changeState(from: .active, to: .fault, reason: reason),
        ]
    }

    /// Leave FAULT as at start-up (RFC 9568 §6.4.1): the owner becomes Active at once, anyone else
    /// a Backup with its own interval and a fresh Active_Down_Timer.
    mutating func leaveFault(reason: TransitionReason, now: Instant) -> [RouterAction] {
        guard state == .fault else { return [] }
        if configuration.isAddressOwner {
            return becomeActive(from: .fault, reason: reason, now: now)
        }
        state = .backup
        activeAdvertisementIntervalCentiseconds = configuration.advertisementIntervalCentiseconds
        activeDownDeadline = now + activeDownInterval
        isStartingUp = true
        return [.changeState(from: .fault, to: .backup, reason: reason)]
    }
}
