import Glibc
import KeepvipLinux
import Logging

/// How a script run ended.
public enum ScriptOutcome: Equatable, Sendable, CustomStringConvertible {
    case exited(ExitStatus)
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
        case .notStarted(let reason): "not started: \(reason)"
        }
    }
}

/// Runs scripts for the single-threaded daemon: each in its own process group with its output on
/// /dev/null, its exit seen through its pidfd in the event loop. Nothing here waits for a script;
/// the callers decide timeouts (`ScriptSchedule`, `NotificationQueue`) and ask for a kill.
public final class ScriptExecutor: ScriptRunner {
    private let loop: EventLoop
    private let logger: Logger
    private var runs: [pid_t: (process: ChildProcess, completion: (ScriptOutcome) -> Void)] = [:]
    /// Called after each exit has been handled (the daemon re-arms its timer there).
    public var afterEachExit: (() -> Void)?

    public init(loop: EventLoop, logger: Logger) {
        self.loop = loop
        self.logger = logger
    }

    /// Number of scripts running now.
    public var runningCount: Int { runs.count }

    /// Starts `script` and returns its process ID; `completion` is called from the loop once it
    /// exited. When it cannot start, `completion` is called at once and the result is nil.
    @discardableResult
    public func run(_ script: ResolvedScript, completion: @escaping (ScriptOutcome) -> Void) -> pid_t? {
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(script.arguments, credentials: script.credentials)
        } catch {
            completion(.notStarted(error.description))
            return nil
        }
        do {
            try loop.register(process.descriptor) { [unowned self] in exited(process.pid) }
        } catch {
            // Without its pidfd in the loop the exit would go unseen: end it now.
            collect(process)
            completion(.notStarted("cannot watch the process: \(error)"))
            return nil
        }
        runs[process.pid] = (process, completion)
        return process.pid
    }

    /// Kills the script's whole process group (SIGKILL); its completion follows when the loop sees
    /// it exit.
    public func kill(_ pid: pid_t) {
        guard let run = runs[pid] else { return }
        do {
            try run.process.killGroup(SIGKILL)
        } catch {
            logger.error("cannot kill script process group \(pid): \(error)")
        }
    }

    /// Kills and collects every running script without calling their completions (the daemon is
    /// stopping).
    public func stopAll() {
        for (pid, run) in runs {
            loop.unregister(run.process.descriptor)
            collect(run.process)
            runs[pid] = nil
        }
    }

    /// SIGKILL to the group, then reap: SIGKILL cannot be caught, so the exit follows promptly.
    private func collect(_ process: ChildProcess) {
        _ = try? process.killGroup(SIGKILL)
        for _ in 0..<5000 where (try? process.reap()) == nil { usleep(1000) }
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
        // Processes the script left in its group after a normal exit are its own business (a
        // notify script may start a service); only a kill takes the group down.
        loop.unregister(run.process.descriptor)
        runs[pid] = nil
        run.completion(.exited(status))
        afterEachExit?()
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
