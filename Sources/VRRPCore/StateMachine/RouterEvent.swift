/// What the shell tells a virtual router.
public enum RouterEvent: Hashable, Sendable {
    /// RFC 9568 §6.4.1 Startup.
    case startup
    /// RFC 9568 §6.4.2 / §6.4.3 Shutdown: an Active router resigns and releases its addresses at once.
    case shutdown
    /// A planned Shutdown, make-before-break: an Active router resigns as at `.shutdown` but keeps its
    /// addresses until another router's advert shows it has taken over, or until
    /// `VirtualRouter.handoverBound` passes (`VirtualRouter+Handover.swift`).
    case shutdownAfterHandover
    /// Maintenance mode on or off: the router advertises priority 1, and an Active one hands its
    /// addresses over make-before-break (`VirtualRouter+Handover.swift`).
    case maintenance(Bool)
    /// A received advertisement that passed the receive checks (`ReceiveCheck`).
    case advertisement(Advertisement, source: IPAddress)
    /// The clock reached `VirtualRouter.nextDeadline`.
    case timersDue
    /// The trackers' verdict changed (or is given before `.startup`): FAULT and effective priority.
    case health(RouterHealth)
    /// The router's `vrrp_sync_group` forces a transition (see `SyncGroupState`).
    case syncGroup(SyncGroupDirective)
    /// A reload gave the router a new configuration (same VRID and family) and the trackers' verdict
    /// under it; state and timers are kept (`VirtualRouter+Reconfigure.swift`).
    case reconfigure(VirtualRouterConfiguration, health: RouterHealth)
}
