import Glibc
import KeepvipConfig
import KeepvipLinux
import Logging
import VRRPCore

/// keepalived's notifications for instances and sync groups — `notify_master`, `notify_backup`,
/// `notify_fault`, `notify_stop`, then the generic `notify` with `INSTANCE|GROUP NAME STATE
/// PRIORITY`, and a line on each notify FIFO — with what keepalived does not guarantee: for each
/// instance and group the scripts run one at a time, in transition order, each for at most
/// `timeout` (then killed with its process group); a script that fails is logged with its status
/// and the next one still runs.
final class Notifier {
    enum Subject: Hashable, CustomStringConvertible {
        case instance(String)
        case group(String)

        /// The first argument keepalived passes to `notify`, and the FIFO line's first word.
        var kind: String {
            switch self {
            case .instance: "INSTANCE"
            case .group: "GROUP"
            }
        }

        var name: String {
            switch self {
            case .instance(let name), .group(let name): name
            }
        }

        var description: String { "\(kind) \(name)" }
    }

    private struct Job: Sendable {
        var script: ScriptCommand
        var arguments: [String]
    }

    private var queues: [Subject: NotificationQueue<Job>] = [:]
    /// The running notification of each subject and its process.
    private var running: [Subject: (id: NotificationID, pid: pid_t)] = [:]
    private let timeout: Duration
    /// Replaced by a reload that changes `script_user` or `enable_script_security`.
    var policy: ScriptPolicy
    private let runner: any ScriptRunner
    /// Replaced by a reload that changes the notify FIFOs.
    var fifos: [any NotifyLineWriter]
    private let logger: Logger
    private let clock: () -> Instant
    private let counters: DaemonCounters

    /// keepalived has no limit on notify scripts; keepvip gives each this long.
    static let defaultTimeout: Duration = .seconds(10)

    init(policy: ScriptPolicy, scripts: any ScriptRunner, fifos: [any NotifyLineWriter], timeout: Duration = defaultTimeout,
         counters: DaemonCounters, logger: Logger, clock: @escaping () -> Instant) {
        self.counters = counters
        self.policy = policy
        self.runner = scripts
        self.fifos = fifos
        self.timeout = timeout
        self.logger = logger
        self.clock = clock
    }

    /// Nothing running and nothing waiting.
    var isIdle: Bool { queues.values.allSatisfy(\.isIdle) }

    var nextDeadline: Instant? { queues.values.compactMap(\.nextDeadline).min() }

    /// `subject` entered `state` (`.initialize` means it stopped: keepalived's STOP).
    func transition(of subject: Subject, to state: RouterState, priority: UInt8, scripts: NotifyScripts) {
        let specific: ScriptCommand? = switch state {
        case .active: scripts.master
        case .backup: scripts.backup
        case .fault: scripts.fault
        case .initialize: scripts.stop
        }
        // keepalived.conf(5): the state's own script first, then `notify` with four more arguments.
        notify(subject, word: state == .initialize ? "STOP" : state.description, priority: priority,
               specific: specific, generic: scripts.generic)
    }

    /// A reload removed the instance: keepalived notifies `FAULT` (with `notify_fault`), or with
    /// `notify_deleted` `DELETED` (with its command), after the instance stopped.
    func deleted(_ subject: Subject, priority: UInt8, scripts: NotifyScripts) {
        if scripts.notifiesDeletion {
            notify(subject, word: "DELETED", priority: priority, specific: scripts.deleted, generic: scripts.generic)
        } else {
            transition(of: subject, to: .fault, priority: priority, scripts: scripts)
        }
    }

    /// An Active instance heard a lower priority: `notify_master_rx_lower_pri`, and the FIFO's
    /// MASTER_RX_LOWER_PRI line (keepalived.conf(5); the generic `notify` is not called for it).
    func activeReceivedLowerPriority(of subject: Subject, priority: UInt8, scripts: NotifyScripts) {
        notify(subject, word: "MASTER_RX_LOWER_PRI", priority: priority,
               specific: scripts.masterReceivedLowerPriority, generic: nil)
    }

    private func notify(_ subject: Subject, word: String, priority: UInt8, specific: ScriptCommand?, generic: ScriptCommand?) {
        let line = "\(subject.kind) \"\(subject.name)\" \(word) \(priority)"
        for fifo in fifos {
            do {
                try fifo.write(line: line)
            } catch {
                logger.warning("notify FIFO \(fifo.path): cannot write '\(line)': \(error)")
            }
        }
        var jobs: [Job] = []
        if let specific { jobs.append(Job(script: specific, arguments: specific.arguments)) }
        if let generic {
            jobs.append(Job(script: generic, arguments: generic.arguments + [subject.kind, subject.name, word, "\(priority)"]))
        }
        let now = clock()
        for job in jobs {
            var queue = queues[subject] ?? NotificationQueue(timeout: timeout)
            let commands = queue.enqueue(job, now: now)
            queues[subject] = queue
            perform(commands, for: subject)
        }
    }

    func timersDue(now: Instant) {
        for subject in Array(queues.keys) {
            guard var queue = queues[subject], let deadline = queue.nextDeadline, deadline <= now else { continue }
            let commands = queue.timersDue(now: now)
            queues[subject] = queue
            perform(commands, for: subject)
        }
    }

    private func perform(_ commands: [NotificationCommand<Job>], for subject: Subject) {
        for command in commands {
            switch command {
            case .kill(let id):
                if let run = running[subject], run.id == id {
                    running[subject] = nil
                    counters.notificationsKilled &+= 1
                    logger.warning("(\(subject.name)) notify script timed out after \(timeout.secondsDescription) s; killed with its process group")
                    runner.kill(run.pid)
                }
            case .start(let id, let job):
                start(job, id: id, for: subject)
            }
        }
    }

    private func start(_ job: Job, id: NotificationID, for subject: Subject) {
        let label = job.arguments.joined(separator: " ")
        let user = job.script.user.map { ($0, job.script.group) }
        switch policy.resolve(job.arguments, user: user) {
        case .failure(let refusal):
            logger.error("(\(subject.name)) notify \(refusal)")
            finished(id, for: subject)
        case .success(let script):
            let pid = runner.run(script) { [unowned self] outcome in
                // A killed one was logged at its timeout, and the queue has moved on without it.
                guard queues[subject]?.runningID == id else { return }
                running[subject] = nil
                if !outcome.isSuccess {
                    counters.notificationsFailed &+= 1
                    logger.warning("(\(subject.name)) notify script '\(label)' \(outcome)")
                }
                finished(id, for: subject)
            }
            counters.notificationsRun &+= 1
            if let pid { running[subject] = (id, pid) }
        }
    }

    private func finished(_ id: NotificationID, for subject: Subject) {
        guard var queue = queues[subject] else { return }
        let commands = queue.finished(id, now: clock())
        queues[subject] = queue
        perform(commands, for: subject)
    }
}
