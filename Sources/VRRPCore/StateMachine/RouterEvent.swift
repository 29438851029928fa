/// What the shell tells a virtual router.
public enum RouterEvent: Hashable, Sendable {
    /// RFC 9568 §6.4.1 Startup.
    case startup
    /// RFC 9568 §6.4.2 / §6.4.3 Shutdown.
    case shutdown
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
