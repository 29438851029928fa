import Glibc
import KeepvipConfig
import Logging
import VRRPCore

/// Runs the `vrrp_script`s that instances track, each on its own schedule, and keeps each one's
/// status through `rise` / `fall`. A script that cannot run (missing, not executable, refused by
/// script security) counts as failing on every turn; one that outlives its `timeout` is killed with
/// its process group and counts as failing.
final class ScriptMonitor {
    private struct Script {
        let configuration: HealthScript
        let resolved: Result<ResolvedScript, ScriptRefusal>
        var counter: RiseFallCounter
        var pid: pid_t?
        var timedOut = false
        /// The last result's description, so a script that keeps failing the same way logs once.
        var lastResult: String?
    }

    private var scripts: [Script]
    private var schedule: ScriptSchedule
    private let executor: ScriptExecutor
    private let logger: Logger
    private let clock: () -> Instant
    private var stopped = false
    /// Called with the script's name when its status changes.
    var onStatusChange: ((String) -> Void)?

    init(scripts configured: [HealthScript], policy: ScriptPolicy, executor: ScriptExecutor, logger: Logger,
         clock: @escaping () -> Instant) {
        scripts = configured.map { script in
            let resolved = policy.resolve(
                script.command.arguments, user: script.command.user.map { ($0, script.command.group) })
            if case .failure(let refusal) = resolved {
                logger.error("VRRP_Script(\(script.name)) \(refusal); it counts as failing")
            }
            return Script(
                configuration: script, resolved: resolved,
                counter: RiseFallCounter(rise: script.rise, fall: script.fall, initiallyFailed: script.startsFailed))
        }
        schedule = ScriptSchedule(
            configured.map { ScriptSchedule.Timing(interval: $0.interval, timeout: $0.timeout) }, now: clock())
        self.executor = executor
        self.logger = logger
        self.clock = clock
    }

    func status(of name: String) -> ScriptStatus? {
        scripts.first { $0.configuration.name == name }?.counter.status
    }

    var nextDeadline: Instant? { stopped ? nil : schedule.nextDeadline }

    func timersDue(now: Instant) {
        guard !stopped else { return }
        for command in schedule.timersDue(now: now) {
            switch command {
            case .start(let index): start(index)
            case .kill(let index): kill(index)
            }
        }
    }

    /// Kills every running script and starts no more (the daemon is stopping).
    func stop() {
        stopped = true
        for pid in scripts.compactMap(\.pid) { executor.kill(pid) }
    }

    private func start(_ index: Int) {
        switch scripts[index].resolved {
        case .failure(let refusal):
            finish(index, result: .failure, description: refusal.reason)
        case .success(let script):
            scripts[index].timedOut = false
            let pid = executor.run(script) { [unowned self] outcome in
                let timedOut = scripts[index].timedOut
                let result: ScriptResult = timedOut ? .timeout : outcome.isSuccess ? .success : .failure
                let description = timedOut
                    ? "timed out after \(scripts[index].configuration.timeout.secondsDescription) s; killed with its process group"
                    : outcome.description
                finish(index, result: result, description: description)
            }
            scripts[index].pid = pid
        }
    }

    private func kill(_ index: Int) {
        guard let pid = scripts[index].pid else { return }
        scripts[index].timedOut = true
        executor.kill(pid)
    }

    private func finish(_ index: Int, result: ScriptResult, description: String) {
        scripts[index].pid = nil
        schedule.finished(index, now: clock())
        let name = scripts[index].configuration.name
        if scripts[index].lastResult != description {
            scripts[index].lastResult = description
            if result.isSuccess {
                logger.debug("VRRP_Script(\(name)) \(description)")
            } else {
                logger.warning("VRRP_Script(\(name)) \(description)")
            }
        }
        guard scripts[index].counter.record(result) else { return }
        // keepalived's words for the status change.
        logger.info("VRRP_Script(\(name)) \(scripts[index].counter.status == .good ? "succeeded" : "failed")")
        onStatusChange?(name)
    }
}
