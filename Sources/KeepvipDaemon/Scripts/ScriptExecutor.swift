import Glibc
import KeepvipLinux
import Logging
import VRRPCore

/// How a script run ended.
public enum ScriptOutcome: Equatable, Sendable, CustomStringConvertible {
    case exited(ExitStatus)
    /// Still running at its timeout: its whole process group was killed.
    case timedOut(Duration)
    /// It never ran (no such program, not executable, refused by script security, …).
    case notStarted(String)

    /// A zero exit status; anything else counts as a failure (keepalived's rule).
    public var isSuccess: Bool {
        if case .exited(let status) = self { return status.isSuccess }
        return false
    }

    public var description: String {
        switch self {
        case .exited(let status): status.description
        case .timedOut(let limit): "timed out after \(limit.secondsDescription) s; killed with its process group"
        case .notStarted(let reason): "not started: \(reason)"
        }
    }
}

/// Runs scripts for the single-threaded daemon: each in its own process group with output on
/// /dev/null, its exit seen through its pidfd in the event loop, killed with its whole group
/// when it outlives its timeout. Nothing here ever waits for a script.
public final class ScriptExecutor {
    /// A run in progress.
    private struct Run {
        var process: ChildProcess
        var deadline: Instant
        var timeout: Duration
        var timedOut = false
        var completion: (ScriptOutcome) -> Void
    }

    private let loop: EventLoop
    private let logger: Logger
    private var runs: [pid_t: Run] = [:]

    public init(loop: EventLoop, logger: Logger) {
        self.loop = loop
        self.logger = logger
    }

    /// Number of scripts running now.
    public var runningCount: Int { runs.count }

    /// The earliest timeout of a running script that has not been killed yet.
    public var nextDeadline: Instant? {
        runs.values.filter { !$0.timedOut }.map(\.deadline).min()
    }

    /// Starts `command`; `completion` is called from the loop once it ended (or at once when it
    /// cannot start).
    public func run(
        _ command: ResolvedScript, timeout: Duration, now: Instant,
        completion: @escaping (ScriptOutcome) -> Void
    ) {
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(command.arguments, credentials: command.credentials)
        } catch {
            completion(.notStarted(error.description))
            return
        }
        do {
            try loop.register(process.descriptor) { [unowned self] in exited(process.pid) }
        } catch {
            // Without its pidfd in the loop the exit would go unseen: end it now.
            _ = try? process.killGroup(SIGKILL)
            while (try? process.reap()) == nil {}
            completion(.notStarted("cannot watch the process: \(error)"))
            return
        }
        runs[process.pid] = Run(process: process, deadline: now + timeout, timeout: timeout, completion: completion)
    }

    /// Kills the process groups of scripts past their timeout; their completion follows when
    /// the loop sees them exit.
    public func timersDue(now: Instant) {
        for (pid, run) in runs where !run.timedOut && run.deadline <= now {
            runs[pid]?.timedOut = true
            kill(run.process)
        }
    }

    /// Kills every running script (the daemon is stopping) and collects them.
    public func stopAll() {
        for (pid, run) in runs {
            kill(run.process)
            loop.unregister(run.process.descriptor)
            // SIGKILL cannot be ignored: the exit follows promptly (bounded all the same).
            for _ in 0..<5000 where (try? run.process.reap()) == nil { usleep(1000) }
            runs[pid] = nil
        }
    }

    private func kill(_ process: ChildProcess) {
        do {
            try process.killGroup(SIGKILL)
        } catch {
            logger.error("cannot kill script process group \(process.processGroup): \(error)")
        }
    }

    private func exited(_ pid: pid_t) {
        guard let run = runs[pid] else { return }
        let status: ExitStatus
        do {
            guard let ended = try run.process.reap() else { return }
            status = ended
        } catch {
            logger.error("cannot collect script process \(pid): \(error)")
            return
        }
        // Children the script left in its group die with it only on a timeout; after a normal
        // exit they are the script's business (a notify script may start a service).
        loop.unregister(run.process.descriptor)
        runs[pid] = nil
        run.completion(run.timedOut ? .timedOut(run.timeout) : .exited(status))
    }
}

extension Duration {
    /// "2", "0.5": seconds without trailing zeros, for log lines.
    var secondsDescription: String {
        let (seconds, attoseconds) = components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "\(seconds)" }
        var fraction = String(milliseconds + 1000).dropFirst()
        while fraction.hasSuffix("0") { fraction = fraction.dropLast() }
        return "\(seconds).\(fraction)"
    }
}
