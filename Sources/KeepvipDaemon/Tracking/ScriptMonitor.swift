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
    private let runner: any ScriptRunner
    private let logger: Logger
    private let clock: () -> Instant
    private let counters: DaemonCounters
    private var stopped = false
    /// Called with the script's name when its status changes.
    var onStatusChange: ((String) -> Void)?

    init(scripts configured: [HealthScript], policy: ScriptPolicy, runner: any ScriptRunner, counters: DaemonCounters,
         logger: Logger, clock: @escaping () -> Instant) {
        self.runner = runner
        self.counters = counters
        self.logger = logger
        self.clock = clock
        scripts = []
        schedule = ScriptSchedule([], now: clock())
        update(to: configured, policy: policy)
    }

    /// Start-up and reload: the scripts are now `configured`. One that is unchanged keeps its status,
    /// its turn and its running run; a removed or changed one has its run killed with its process
    /// group (its exit is then ignored); a new one is pending until its first result.
    func update(to configured: [HealthScript], policy: ScriptPolicy) {
        let old = scripts
        let previous: [Int?] = configured.map { script in old.firstIndex { $0.configuration == script } }
        let kept = Set(previous.compactMap { $0 })
        for (index, script) in old.enumerated() where !kept.contains(index) {
            if let pid = script.pid { runner.kill(pid) }
        }
        scripts = zip(configured, previous).map { script, before in
            if let before { return old[before] }
            let resolved = policy.resolve(
                script.command.arguments, user: script.command.user.map { ($0, script.command.group) })
            if case .failure(let refusal) = resolved {
                logger.error("VRRP_Script(\(script.name)) \(refusal); it counts as failing")
            }
            return Script(
                configuration: script, resolved: resolved,
                counter: RiseFallCounter(rise: script.rise, fall: script.fall, initiallyFailed: script.startsFailed))
        }
        schedule.replace(
            with: configured.map { ScriptSchedule.Timing(interval: $0.interval, timeout: $0.timeout) },
            previous: previous, now: clock())
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
        for pid in scripts.compactMap(\.pid) { runner.kill(pid) }
    }

    private func start(_ index: Int) {
        switch scripts[index].resolved {
        case .failure(let refusal):
            finish(index, result: .failure, description: refusal.reason)
        case .success(let script):
            scripts[index].timedOut = false
            var started: pid_t?
            var isStarting = true
            // Weak: a reload that drops every script releases the monitor while its runs are killed.
            started = runner.run(script) { [weak self] outcome in
                guard let self else { return }
                // A script that could not start reports at once; a later exit is looked up by its
                // process, as a reload may have moved the script or removed it.
                let current = isStarting ? index : scripts.firstIndex { $0.pid != nil && $0.pid == started }
                guard let index = current else { return }
                let timedOut = scripts[index].timedOut
                let result: ScriptResult = timedOut ? .timeout : outcome.isSuccess ? .success : .failure
                let description = timedOut
                    ? "timed out after \(scripts[index].configuration.timeout.secondsDescription) s; killed with its process group"
                    : outcome.description
                finish(index, result: result, description: description)
            }
            isStarting = false
            scripts[index].pid = started
        }
    }

    private func kill(_ index: Int) {
        guard let pid = scripts[index].pid else { return }
        scripts[index].timedOut = true
        runner.kill(pid)
    }

    private func finish(_ index: Int, result: ScriptResult, description: String) {
        scripts[index].pid = nil
        counters.recordScript(result)
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
