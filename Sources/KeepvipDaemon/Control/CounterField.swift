import VRRPCore

/// One per-instance counter, under the names each view gives it: the JSON key (also the Prometheus
/// metric's stem) and the `keepvip stats` label. One list, so the views cannot drift apart.
struct CounterField: Sendable {
    var key: String
    var label: String
    var value: @Sendable (RouterCounters) -> UInt64

    static let all: [CounterField] = [
        CounterField(key: "adverts_received", label: "adverts received") { $0.advertisementsReceived },
        CounterField(key: "adverts_sent", label: "adverts sent") { $0.advertisementsSent },
        CounterField(key: "became_active", label: "became Active") { $0.becameActive },
        CounterField(key: "left_active", label: "left Active") { $0.leftActive },
        CounterField(key: "transitions", label: "transitions") { $0.transitions },
        CounterField(key: "priority_zero_received", label: "priority 0 received") { $0.priorityZeroReceived },
        CounterField(key: "priority_zero_sent", label: "priority 0 sent") { $0.priorityZeroSent },
        CounterField(key: "announcements_sent", label: "GARP/NA sent") { $0.announcementsSent },
        CounterField(key: "send_errors", label: "send errors") { $0.sendErrors },
        CounterField(key: "netlink_errors", label: "netlink errors") { $0.kernelErrors },
    ]
}

extension DaemonStatus.Counters {
    /// The daemon's own counters: JSON key and `keepvip stats` label.
    var fields: [(key: String, label: String, value: UInt64)] {
        [
            ("reloads_applied", "reloads applied", reloadsApplied),
            ("reloads_refused", "reloads refused", reloadsRefused),
            ("script_runs", "script runs", scriptRuns),
            ("script_failures", "script failures", scriptFailures),
            ("script_timeouts", "script timeouts", scriptTimeouts),
            ("notifications_run", "notify scripts run", notificationsRun),
            ("notifications_failed", "notify scripts failed", notificationsFailed),
            ("notifications_killed", "notify scripts killed", notificationsKilled),
        ]
    }
}
