/// What the service manager hears from the daemon (systemd's notify protocol on Linux, sd_notify(3)).
public enum ServiceEvent: Equatable, Sendable {
    /// Every instance is initialised (sockets open, leftovers removed), or a reload is over.
    case ready(status: String)
    /// The instances' states changed: one line for `systemctl status`.
    case status(String)
    /// A reload begins.
    case reloading
    /// The daemon is stopping; notify_stop scripts may need up to `extendedBy`.
    case stopping(extendedBy: Duration)
}
