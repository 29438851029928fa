import Glibc
import VRRPCore

/// The snapshot `keepvip status` and `keepvip stats` show, and the SIGUSR2 statistics in the log.
extension DaemonCore {
    /// - Parameters:
    ///   - unixNow: the wall time of `host.now()`, in Unix seconds, for each state's "since".
    ///   - configurationFile: the file the daemon reads at reload.
    public func status(unixNow: Double, configurationFile: String) -> DaemonStatus {
        let now = host.now()
        func wallTime(of instant: Instant) -> WallTime {
            let ago = max(0, Double((now - instant).nanoseconds) / 1e9)
            return WallTime(unixSeconds: Int64((unixNow - ago).rounded(.down)), secondsAgo: ago)
        }
        let instances = runners.map { runner in
            let trackers = health.trackerLines(of: runner)
            let configuration = runner.router.configuration
            let active = runner.activeRouterAddress
            return DaemonStatus.InstanceStatus(
                name: runner.name, interface: runner.instance.interface,
                virtualRouterID: runner.instance.virtualRouterID, version: runner.instance.version,
                family: runner.instance.family, state: runner.state,
                isInMaintenance: runner.isInMaintenance, isHandingOver: runner.isHandingOver,
                since: wallTime(of: runner.lastTransition?.at ?? now),
                basePriority: runner.instance.priority, effectivePriority: runner.router.effectivePriority,
                activeRouter: active, isActiveRouterThisHost: active != nil && active == configuration.primaryAddress,
                virtualAddresses: runner.instance.managedAddresses.map { "\($0.address)/\($0.prefixLength)" },
                lastTransition: runner.lastTransition.map { describe($0, trackers: trackers) },
                trackers: trackers, counters: runner.counters)
        }
        var unknown: [String: UInt64] = [:]
        for channel in channels.values where channel.unknownVRIDCount > 0 {
            unknown[channel.socket.interfaceName, default: 0] += channel.unknownVRIDCount
        }
        return DaemonStatus(
            version: KeepvipVersion.current, processID: getpid(), configurationFile: configurationFile,
            loadedAt: loadedAt, summary: statusSummary, instances: instances,
            waiting: waiting.map { .init(name: $0.name, interface: $0.interface, virtualRouterID: $0.virtualRouterID) },
            syncGroups: groups.statuses,
            counters: .init(
                reloadsApplied: counters.reloadsApplied, reloadsRefused: counters.reloadsRefused,
                scriptRuns: counters.scriptRuns, scriptFailures: counters.scriptFailures,
                scriptTimeouts: counters.scriptTimeouts, notificationsRun: counters.notificationsRun,
                notificationsFailed: counters.notificationsFailed, notificationsKilled: counters.notificationsKilled,
                unknownVirtualRouterDrops: unknown))
    }

    /// `Backup → Active: Receive advertisement timeout`, in the words of the log where there are some.
    private func describe(_ transition: VirtualRouterRunner.Transition, trackers: [DaemonStatus.TrackerStatusLine]) -> String {
        let why: String = switch transition.reason {
        case .startup: "start-up"
        case .activeDownTimerExpired: "Receive advertisement timeout"
        case .preempted(let source, let priority): "higher priority \(priority) from \(source)"
        case .shutdown: "stopped"
        case .faulted:
            trackers.contains(where: \.isFailing) && transition.to == .fault
                ? trackers.filter(\.isFailing).map { "\($0.kind) \($0.name) \($0.status)" }.joined(separator: ", ")
                : "a tracker failed"
        case .recovered: "trackers healthy again"
        case .syncGroup: "its sync group moved"
        case .reconfigured: "reload"
        case .maintenance: "maintenance (keepvip handover)"
        }
        return "\(transition.from.rfcName) → \(transition.to.rfcName): \(why)"
    }
}
