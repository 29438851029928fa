/// One virtual router's protocol state: RFC 3768 §6 (VRRPv2) and RFC 9568 §6 (VRRPv3).
///
/// A value with no clock and no I/O: the shell passes each event with the current time, performs
/// the returned actions in order, and calls back with `.timersDue` at `nextDeadline`.
///
/// Health (keepalived's FAULT state and effective priority) is in `VirtualRouter+Health.swift`, the
/// transitions a sync group forces in `VirtualRouter+SyncGroup.swift`.
public struct VirtualRouter: Sendable {
    public internal(set) var configuration: VirtualRouterConfiguration
    public internal(set) var state: RouterState = .initialize

    /// Active_Adver_Interval (RFC 9568 §6.1): a VRRPv3 Backup learns it from the Active router.
    public internal(set) var activeAdvertisementIntervalCentiseconds: UInt16

    /// The priority adverts carry and elections use: the configured one moved by the trackers' weights
    /// (`RouterEvent.health`); the address owner's 255 never moves.
    public internal(set) var effectivePriority: UInt8
    /// The trackers' last verdict.
    public internal(set) var health: RouterHealth
    /// The sync group holds this router in FAULT because another member is.
    public internal(set) var isHeldInFaultByGroup = false
    /// The operator's maintenance mode: priority 1 advertised (`VirtualRouter+Handover.swift`).
    public internal(set) var isInMaintenance = false
    /// Addresses still installed after resigning, until another router takes over.
    var handover: Handover?
    /// Since start-up (or leaving FAULT), no advert has been heard and the router was not Active
    /// (`VirtualRouter+StartUp.swift`).
    var isStartingUp = false
    /// A start-up claim is out: Active at this instant unless a better router answers first.
    var claimDeadline: Instant?

    var advertisementDeadline: Instant?
    var activeDownDeadline: Instant?
    var announcements: AnnouncementSchedule
    /// keepalived's `preempt_delay`: until this instant a lower-priority Active router is accepted.
    var preemptionAllowedAt: Instant?
    var preemptionDelayReported = false

    public init(configuration: VirtualRouterConfiguration) {
        self.configuration = configuration
        activeAdvertisementIntervalCentiseconds = configuration.advertisementIntervalCentiseconds
        effectivePriority = configuration.priority
        health = RouterHealth(effectivePriority: configuration.priority)
        announcements = AnnouncementSchedule(spacing: configuration.announcementSpacing)
    }

    /// The earliest time the router must hear `.timersDue`, or nil when no timer runs.
    public var nextDeadline: Instant? {
        advertisementDeadline.earliest(activeDownDeadline).earliest(announcements.nextDeadline)
            .earliest(handover?.deadline).earliest(claimDeadline)
    }

    /// In FAULT, or bound for it at start-up: by its own trackers or by its sync group.
    public var isFaulted: Bool { health.isFaulted || isHeldInFaultByGroup }

    /// Skew_Time: RFC 3768 §6.1 `(256 - Priority) / 256` seconds.
    /// RFC9568-6.1-2: VRRPv3 scales it by the Active router's interval: `((256 - Priority) * Active_Adver_Interval) / 256`.
    public var skewTime: Duration {
        let weight = Int64(256 - Int(effectivePriority))
        switch configuration.version {
        case .v2:
            return .nanoseconds(weight * 1_000_000_000 / 256)
        case .v3:
            return .nanoseconds(weight * Int64(activeAdvertisementIntervalCentiseconds) * 10_000_000 / 256)
        }
    }

    /// Master_Down_Interval (RFC 3768 §6.1) / Active_Down_Interval.
    /// RFC9568-6.1-3: three intervals of the Active router plus Skew_Time.
    public var activeDownInterval: Duration {
        let interval = configuration.version == .v2
            ? configuration.advertisementInterval
            : .milliseconds(Int64(activeAdvertisementIntervalCentiseconds) * 10)
        return interval * 3 + skewTime
    }

    public mutating func handle(_ event: RouterEvent, now: Instant) -> [RouterAction] {
        var actions: [RouterAction] = []
        handle(event, now: now, into: &actions)
        return actions
    }

    /// `handle`, appending to `actions`: a caller that keeps the array's storage between events
    /// allocates nothing for a steady Active router's adverts.
    public mutating func handle(_ event: RouterEvent, now: Instant, into actions: inout [RouterAction]) {
        if case .timersDue = event, state == .active || state == .backup {
            timersDue(now: now, into: &actions)
        } else {
            actions += respond(to: event, now: now)
        }
    }

    private mutating func respond(to event: RouterEvent, now: Instant) -> [RouterAction] {
        switch (state, event) {
        case (_, .health(let health)):
            return apply(health, now: now)
        case (_, .syncGroup(let directive)):
            return apply(directive, now: now)
        case (_, .reconfigure(let newConfiguration, let newHealth)):
            return reconfigure(to: newConfiguration, health: newHealth, now: now)
        case (_, .maintenance(let isOn)):
            return setMaintenance(isOn, now: now)
        case (.initialize, .startup):
            return startUp(now: now)
        case (.initialize, .advertisement(let advertisement, let source)) where handover != nil:
            return releaseIfTakenOver(advertisement, from: source)
        case (.initialize, .timersDue) where handover != nil:
            return releaseAtBound(now: now)
        case (.initialize, .shutdown) where handover != nil:
            handover = nil
            return [.removeVirtualAddresses]
        case (.initialize, _), (_, .startup):
            return []
        case (_, .shutdown):
            return shutDown(now: now, holdingAddresses: false)
        case (_, .shutdownAfterHandover):
            return shutDown(now: now, holdingAddresses: true)
        case (.fault, _):
            // keepalived's FAULT: adverts are ignored and no timer runs.
            return []
        case (.backup, .advertisement(let advertisement, let source)):
            return backupReceived(advertisement, from: source, now: now)
        case (.active, .advertisement(let advertisement, let source)):
            return activeReceived(advertisement, from: source, now: now)
        case (_, .timersDue):
            var actions: [RouterAction] = []
            timersDue(now: now, into: &actions)
            return actions
        }
    }

    // MARK: Initialize

    private mutating func startUp(now: Instant) -> [RouterAction] {
        if configuration.preemptDelay > .zero {
            preemptionAllowedAt = now + configuration.preemptDelay
        }
        // keepalived: an instance whose trackers already fail goes from INIT straight to FAULT.
        if isFaulted {
            state = .fault
            return [.changeState(from: .initialize, to: .fault, reason: .faulted)]
        }
        // RFC9568-6.4.1-1: the address owner becomes Active at once: advert, addresses, announcements,
        // Adver_Timer (RFC 3768 §6.4.1 too)…
        if configuration.isAddressOwner {
            return becomeActive(from: .initialize, reason: .startup, now: now)
        }
        // RFC9568-6.4.1-2: …every other router starts as Backup with Active_Adver_Interval = its own
        // Advertisement_Interval and waits Active_Down_Interval.
        // RFC9568-6.4.2-1, RFC9568-6.4.2-2, RFC9568-6.4.2-5: a Backup never installs the virtual addresses,
        // so the kernel neither answers ARP / Neighbor Solicitations for them nor accepts packets to them.
        activeAdvertisementIntervalCentiseconds = configuration.advertisementIntervalCentiseconds
        state = .backup
        activeDownDeadline = now + activeDownInterval
        isStartingUp = true
        return [.changeState(from: .initialize, to: .backup, reason: .startup)]
    }

    // MARK: Backup

    private mutating func backupReceived(_ advertisement: Advertisement, from source: IPAddress, now: Instant) -> [RouterAction] {
        // A Backup in maintenance holding its addresses: the first advert of the router that took over releases them.
        if handover != nil, advertisement.priority > 0 {
            return releaseIfTakenOver(advertisement, from: source) + backupReceived(advertisement, from: source, now: now)
        }
        // Another router is there: start-up ordering only covers a segment that was silent.
        isStartingUp = false
        // RFC9568-6.4.2-8: priority 0 means the Active router resigns; take over after Skew_Time (RFC 3768 §6.4.2 too).
        if advertisement.priority == 0 {
            activeDownDeadline = now + skewTime
            return [.report(.backupReceivedPriorityZero(source: source))]
        }
        let local = effectivePriority
        // RFC9568-6.4.2-9: with Preempt_Mode off, or a priority at least ours, defer: learn the interval and
        // restart the Active_Down_Timer (`acceptActive`).
        if !configuration.preempt || advertisement.priority >= local {
            acceptActive(advertisement, now: now)
            if advertisement.priority >= local {
                preemptionAllowedAt = nil
                preemptionDelayReported = false
            }
            return []
        }
        // A lower-priority Active router while Preempt_Mode is on: keepalived's preempt_delay holds
        // preemption back for a while after start-up or after first hearing it.
        let allowedAt = preemptionAllowedAt ?? (configuration.preemptDelay > .zero ? now + configuration.preemptDelay : now)
        preemptionAllowedAt = allowedAt
        if now < allowedAt {
            acceptActive(advertisement, now: now)
            if preemptionDelayReported { return [] }
            preemptionDelayReported = true
            return [.report(.preemptionDelayed(source: source, priority: advertisement.priority, until: allowedAt))]
        }
        // RFC9568-6.4.2-10: otherwise discard; our Active_Down_Timer will fire and we preempt (RFC 3768 §6.4.2 too).
        return [.report(.lowerPriorityDiscarded(source: source, priority: advertisement.priority))]
    }

    /// Resets the Active_Down_Timer for an Active router we defer to.
    private mutating func acceptActive(_ advertisement: Advertisement, now: Instant) {
        // RFC9568-6.4.2-9: a VRRPv3 Backup adopts the Active router's interval and recomputes
        // Skew_Time and Active_Down_Interval from it.
        if configuration.version == .v3, advertisement.intervalCentiseconds > 0 {
            activeAdvertisementIntervalCentiseconds = advertisement.intervalCentiseconds
        }
        activeDownDeadline = now + activeDownInterval
        // An Active router is known: start-up ordering is over, and a start-up claim is withdrawn.
        isStartingUp = false
        claimDeadline = nil
        advertisementDeadline = nil
    }

    // MARK: Active

    private mutating func activeReceived(_ advertisement: Advertisement, from source: IPAddress, now: Instant) -> [RouterAction] {
        let local = effectivePriority
        // RFC9568-6.4.3-10: answer a resignation at once and restart the Adver_Timer so Backups do not take over.
        if advertisement.priority == 0 {
            advertisementDeadline = now + configuration.advertisementInterval
            return [.report(.activeReceivedPriorityZero(source: source)), .sendAdvertisement(priority: local)]
        }
        // RFC9568-6.4.3-11: a higher priority, or an equal one from a higher primary address (unsigned,
        // network order), wins: stop advertising, learn its interval, start the Active_Down_Timer, go Backup.
        let wins = advertisement.priority > local
            || (advertisement.priority == local && source > configuration.primaryAddress)
        guard wins else {
            // keepalived's notify_master_rx_lower_pri and its FIFO's MASTER_RX_LOWER_PRI.
            var actions: [RouterAction] = [.report(.activeReceivedLowerPriority(source: source, priority: advertisement.priority))]
            // RFC9568-6.4.3-12: a VRRPv3 Active router discards the advert and re-asserts itself at once.
            if configuration.version == .v3 {
                advertisementDeadline = now + configuration.advertisementInterval
                actions.append(.sendAdvertisement(priority: local))
            }
            // keepalived's `garp_lower_prio_repeat` / `garp_lower_prio_delay`: the other router may have
            // been Active too (a split), so clients' ARP caches are pointed back here.
            actions += announcements.burst(configuration.lowerPriorityAnnouncementCount, now: now)
            if configuration.lowerPriorityAnnouncementDelay > .zero {
                announcements.schedule(
                    configuration.lowerPriorityAnnouncementCount, at: now + configuration.lowerPriorityAnnouncementDelay
                )
            }
            return actions
        }
        leaveActive()
        acceptActive(advertisement, now: now)
        return [
            .report(.activeReceivedHigherPriority(source: source, priority: advertisement.priority, ours: local)),
            .changeState(from: .active, to: .backup, reason: .preempted(by: source, priority: advertisement.priority)),
            .removeVirtualAddresses,
        ]
    }

    /// Stops what only an Active router does; the caller sets the Active_Down_Timer.
    mutating func leaveActive() {
        state = .backup
        advertisementDeadline = nil
        announcements.cancel()
        preemptionAllowedAt = nil
        preemptionDelayReported = false
    }

    mutating func becomeActive(from previous: RouterState, reason: TransitionReason, now: Instant) -> [RouterAction] {
        state = .active
        activeDownDeadline = nil
        isStartingUp = false
        claimDeadline = nil
        preemptionAllowedAt = nil
        preemptionDelayReported = false
        activeAdvertisementIntervalCentiseconds = configuration.advertisementIntervalCentiseconds
        advertisementDeadline = now + configuration.advertisementInterval
        announcements.cancel()
        // keepalived's `garp_master_delay`: a second burst after the delay (zero: none).
        if configuration.announcementDelay > .zero {
            announcements.schedule(configuration.announcementCount, at: now + configuration.announcementDelay)
        }
        announcements.startRefresh(every: configuration.refreshInterval, now: now)
        // RFC 3768 §6.4.2: send an ADVERTISEMENT, then take the addresses and announce them.
        // RFC9568-6.4.3-1, RFC9568-6.4.3-2, RFC9568-6.4.3-6: the Active router installs the virtual addresses,
        // so the kernel answers ARP and Neighbor Solicitations for them, joins their solicited-node groups and
        // accepts packets to them (keepvip behaves as Accept_Mode True).
        // RFC9568-8.1.2-2, RFC9568-8.2.2-4: announcements follow the address install, never precede it.
        // RFC9568-8.1.2-4, RFC9568-8.2.2-6: each virtual address is announced (gratuitous ARP / unsolicited NA).
        var actions: [RouterAction] = [
            .changeState(from: previous, to: .active, reason: reason),
            .sendAdvertisement(priority: effectivePriority),
            .addVirtualAddresses,
        ]
        actions += announcements.burst(configuration.announcementCount, now: now)
        return actions
    }

    // MARK: Timers

    private mutating func timersDue(now: Instant, into actions: inout [RouterAction]) {
        switch state {
        case .backup:
            // RFC9568-6.4.2-7: Active_Down_Timer fired: advert, announcements, Adver_Timer, Active.
            if let deadline = claimDeadline, deadline <= now {
                // Nobody better answered the start-up claim.
                actions += becomeActive(from: .backup, reason: .activeDownTimerExpired, now: now)
            } else if claimDeadline != nil, let deadline = advertisementDeadline, deadline <= now {
                // A claim advertises as an Active router does, so lower-priority Backups keep waiting.
                actions.append(.sendAdvertisement(priority: effectivePriority))
                advertisementDeadline = deadline + configuration.advertisementInterval
            } else if let deadline = activeDownDeadline, deadline <= now, isStartingUp, handover == nil,
                      configuration.ordersStartUp {
                actions.append(.report(.receiveTimeout))
                actions += claim(now: now)
            } else if let deadline = activeDownDeadline, deadline <= now {
                actions.append(.report(handover == nil ? .receiveTimeout : .handoverRefusedByPeers))
                // A router in maintenance still holds its addresses: taking them again changes nothing.
                handover = nil
                actions += becomeActive(from: .backup, reason: .activeDownTimerExpired, now: now)
            }
        case .active:
            // RFC9568-6.4.3-9: Adver_Timer fired: send an advert and restart the timer.
            if let deadline = advertisementDeadline, deadline <= now {
                actions.append(.sendAdvertisement(priority: effectivePriority))
                // Scheduled from the deadline, not from now, so the period does not drift; after a long
                // stall, restart from now rather than send a burst.
                let next = deadline + configuration.advertisementInterval
                advertisementDeadline = next > now ? next : now + configuration.advertisementInterval
            }
            actions += announcements.due(
                now: now, refresh: (configuration.refreshInterval, configuration.refreshCount)
            )
        case .initialize, .fault:
            break
        }
    }

    // MARK: Shutdown

    private mutating func shutDown(now: Instant, holdingAddresses: Bool) -> [RouterAction] {
        let previous = state
        state = .initialize
        advertisementDeadline = nil
        activeDownDeadline = nil
        claimDeadline = nil
        isStartingUp = false
        announcements.cancel()
        preemptionAllowedAt = nil
        // RFC9568-6.4.2-6: a Backup cancels its Active_Down_Timer and returns to Initialize, silently
        // (one in maintenance that still holds its addresses lets them go now).
        guard previous == .active else {
            let held: [RouterAction] = handover == nil ? [] : [.removeVirtualAddresses]
            handover = nil
            return held + [.changeState(from: previous, to: .initialize, reason: .shutdown)]
        }
        // RFC9568-6.4.3-8: cancel the Adver_Timer and resign with priority 0 so a Backup takes over after
        // Skew_Time (RFC 3768 §6.4.3 too).
        var actions: [RouterAction] = [.sendAdvertisement(priority: 0), .report(.sentPriorityZero)]
        if holdingAddresses {
            handover = Handover(deadline: now + handoverBound)
        } else {
            actions.append(.removeVirtualAddresses)
        }
        return actions + [.changeState(from: .active, to: .initialize, reason: .shutdown)]
    }
}
