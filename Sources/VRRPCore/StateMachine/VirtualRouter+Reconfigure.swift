/// A configuration change (a reload) as a protocol event: the router keeps its state and timers and
/// applies only what changed, as an operator who edits keepalived.conf and reloads expects.
extension VirtualRouter {
    /// Adopts `newConfiguration` and the trackers' verdict under it (`health`, computed from the new
    /// base priority). Same virtual router ID and family: the shell matches instances before calling.
    mutating func reconfigure(
        to newConfiguration: VirtualRouterConfiguration, health newHealth: RouterHealth, now: Instant
    ) -> [RouterAction] {
        let before = self
        configuration = newConfiguration
        if newConfiguration.announcementSpacing != before.configuration.announcementSpacing {
            announcements = AnnouncementSchedule(spacing: newConfiguration.announcementSpacing)
        }
        health = newHealth
        effectivePriority = effectivePriority(for: newHealth)
        var actions: [RouterAction] = []
        if effectivePriority != before.effectivePriority {
            actions.append(.report(.priorityChanged(from: before.effectivePriority, to: effectivePriority)))
        }
        switch (before.isFaulted, isFaulted) {
        case (false, true):
            return actions + enterFault(reason: .faulted)
        case (true, false):
            return actions + leaveFault(reason: .recovered, now: now)
        default:
            break
        }
        switch state {
        case .active:
            return actions + activeReconfigured(from: before, now: now)
        case .backup:
            return actions + backupReconfigured(from: before, now: now)
        case .initialize, .fault:
            // Stored; `.startup` or leaving FAULT starts from the new configuration (RFC 9568 §6.4.1).
            activeAdvertisementIntervalCentiseconds = newConfiguration.advertisementIntervalCentiseconds
            return actions
        }
    }

    private mutating func activeReconfigured(from before: VirtualRouter, now: Instant) -> [RouterAction] {
        let old = before.configuration
        var actions: [RouterAction] = []
        // Only the difference of the addresses moves; added ones are announced like those of a new
        // Active router (RFC9568-8.1.2-4, RFC9568-8.2.2-6), the others are left alone.
        actions.append(.reconcileVirtualAddresses(announcements: configuration.announcementCount))
        if configuration.refreshInterval != old.refreshInterval {
            announcements.startRefresh(every: configuration.refreshInterval, now: now)
        }
        // RFC9568-6.4.3-9: the Adver_Timer carries the new Advertisement_Interval. Whatever an advert
        // carries (priority, interval, addresses, authentication, destinations) is advertised at once, so
        // a preempting Backup with a higher priority takes over now (RFC9568-6.4.2-10), and the Backups
        // learn the new interval (RFC9568-6.4.2-9).
        if configuration != old || effectivePriority != before.effectivePriority {
            advertisementDeadline = now + configuration.advertisementInterval
            actions.append(.sendAdvertisement(priority: effectivePriority))
        }
        return actions
    }

    private mutating func backupReconfigured(from before: VirtualRouter, now: Instant) -> [RouterAction] {
        // RFC9568-6.4.1-1: the address owner does not wait for anyone; a Backup that becomes it takes over.
        if configuration.isAddressOwner {
            return becomeActive(from: .backup, reason: .reconfigured, now: now)
        }
        if configuration.version == .v2 || before.configuration.version != configuration.version {
            activeAdvertisementIntervalCentiseconds = configuration.advertisementIntervalCentiseconds
        }
        // The running Active_Down_Timer keeps its start and moves by the change of Active_Down_Interval
        // (RFC9568-6.1-3: Skew_Time follows the priority, VRRPv2's interval is our own), as for a
        // tracker's weight.
        if let deadline = activeDownDeadline {
            activeDownDeadline = deadline + (activeDownInterval - before.activeDownInterval)
        }
        if configuration.preemptDelay != before.configuration.preemptDelay {
            preemptionAllowedAt = nil
            preemptionDelayReported = false
        }
        return []
    }
}
