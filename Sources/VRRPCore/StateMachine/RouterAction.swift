/// What a virtual router asks the shell to do, in order.
public enum RouterAction: Hashable, Sendable {
    case sendAdvertisement(priority: UInt8)
    case addVirtualAddresses
    case removeVirtualAddresses
    /// After a reload, while Active: add what the new configuration has and the old did not (the shell
    /// took off what it dropped before the event, so an address can move between instances), leave the
    /// rest; announce the added addresses `announcements` times.
    case reconcileVirtualAddresses(announcements: Int)
    /// Gratuitous ARP (IPv4) or unsolicited Neighbor Advertisement (IPv6) for every virtual address, `count` times.
    case announceVirtualAddresses(count: Int)
    case changeState(from: RouterState, to: RouterState, reason: TransitionReason)
    /// Something worth a log line that is not a transition.
    case report(RouterReport)
}

public enum TransitionReason: Hashable, Sendable {
    case startup
    /// Master_Down_Timer expired (RFC 3768 §6.4.2): no advert for Active_Down_Interval.
    case activeDownTimerExpired
    /// An Active router heard a better one (RFC 3768 §6.4.3).
    case preempted(by: IPAddress, priority: UInt8)
    case shutdown
    /// A tracked interface, script or file failed (keepalived's FAULT).
    case faulted
    /// Every tracker is healthy again: the router leaves FAULT.
    case recovered
    /// The router's sync group moved it along with another member.
    case syncGroup
    /// A reload changed the configuration (a Backup that became the address owner).
    case reconfigured
    /// The operator put the router in maintenance: it resigned and holds its addresses as a Backup
    /// until another router takes over.
    case maintenance

}

public enum RouterReport: Hashable, Sendable {
    /// The Backup's timer ran out; keepalived logs "Receive advertisement timeout".
    case receiveTimeout
    /// The Active router heard a higher priority (or an equal one from a higher address).
    case activeReceivedHigherPriority(source: IPAddress, priority: UInt8, ours: UInt8)
    /// A Backup heard the Active router resign (RFC 3768 §6.4.2): it takes over after Skew_Time.
    case backupReceivedPriorityZero(source: IPAddress)
    /// An Active router heard a priority-0 advert and answers at once (RFC 3768 §6.4.3).
    case activeReceivedPriorityZero(source: IPAddress)
    /// The Active router heard a lower priority (or an equal one from a lower address): another router
    /// believes it is Active too.
    case activeReceivedLowerPriority(source: IPAddress, priority: UInt8)
    /// A preempting Backup ignores a lower-priority Active router until its own timer fires.
    case lowerPriorityDiscarded(source: IPAddress, priority: UInt8)
    /// A lower-priority advert arrived within `preempt_delay`: accepted for now.
    case preemptionDelayed(source: IPAddress, priority: UInt8, until: Instant)
    /// The Active router sent its resignation.
    case sentPriorityZero
    /// The trackers moved the effective priority; keepalived logs
    /// "(NAME) Changing effective priority from A to B".
    case priorityChanged(from: UInt8, to: UInt8)
    /// Another router's advert after our resignation: it has taken over, so the addresses we held
    /// for the handover are released now.
    case handedOver(to: IPAddress)
    /// Nobody took over within the bound after a planned stop: the addresses are released anyway.
    case handoverUnanswered
    /// Nobody took over from a router in maintenance: it becomes Active again (at priority 1) rather
    /// than leave the addresses unserved.
    case handoverRefusedByPeers
}
