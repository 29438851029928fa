/// Transitions a `vrrp_sync_group` forces on a member (see `SyncGroupState`, which decides them).
extension VirtualRouter {
    mutating func apply(_ directive: SyncGroupDirective, now: Instant) -> [RouterAction] {
        switch directive {
        case .fault:
            let wasFaulted = isFaulted
            isHeldInFaultByGroup = true
            return wasFaulted ? [] : enterFault(reason: .syncGroup)
        case .recover:
            isHeldInFaultByGroup = false
            return isFaulted ? [] : leaveFault(reason: .syncGroup, now: now)
        case .active:
            // As if the Active_Down_Timer fired (RFC 9568 §6.4.2): advert, addresses, announcements.
            guard state == .backup else { return [] }
            return becomeActive(from: .backup, reason: .syncGroup, now: now)
        case .backup:
            // As if preempted (RFC 9568 §6.4.3): stop advertising, release the addresses, wait
            // Active_Down_Interval (with our own interval: no Active router told us its own).
            guard state == .active else { return [] }
            leaveActive()
            activeAdvertisementIntervalCentiseconds = configuration.advertisementIntervalCentiseconds
            activeDownDeadline = now + activeDownInterval
            return [.changeState(from: .active, to: .backup, reason: .syncGroup), .removeVirtualAddresses]
        }
    }
}
