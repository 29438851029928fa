import VRRPCore

/// What the daemon as a whole did, counted (each instance's own counts are its runner's
/// `RouterCounters`). One object shared by the parts that count, kept across reloads.
public final class DaemonCounters {
    public internal(set) var reloadsApplied: UInt64 = 0
    public internal(set) var reloadsRefused: UInt64 = 0
    /// `vrrp_script` runs that finished, and how many of them failed or outlived their timeout.
    public internal(set) var scriptRuns: UInt64 = 0
    public internal(set) var scriptFailures: UInt64 = 0
    public internal(set) var scriptTimeouts: UInt64 = 0
    /// Notify scripts started, and how many failed or were killed at their timeout.
    public internal(set) var notificationsRun: UInt64 = 0
    public internal(set) var notificationsFailed: UInt64 = 0
    public internal(set) var notificationsKilled: UInt64 = 0

    public init() {}

    func recordScript(_ result: ScriptResult) {
        scriptRuns &+= 1
        switch result {
        case .success: break
        case .failure: scriptFailures &+= 1
        case .timeout: scriptTimeouts &+= 1
        }
    }
}
