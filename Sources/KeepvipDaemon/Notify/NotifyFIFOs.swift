import Glibc
import KeepvipConfig
import KeepvipLinux
import Logging

/// keepalived's notify FIFOs (`notify_fifo`, `vrrp_notify_fifo`) opened for writing, and the
/// `notify_fifo_script` of each started with the FIFO's path as its last argument. Closed at exit,
/// or by a reload that changes them: the scripts are killed, FIFOs keepvipd created are removed.
final class NotifyFIFOs {
    let configured: [NotifyFIFO]
    private(set) var writers: [any NotifyLineWriter] = []
    /// The `notify_fifo_script` processes.
    private var readers: [pid_t] = []
    private let scripts: any ScriptRunner
    private var closed = false

    init(_ configured: [NotifyFIFO], policy: ScriptPolicy, host: any DaemonHost, logger: Logger) {
        self.configured = configured
        scripts = host.scripts
        for fifo in configured {
            do {
                writers.append(try host.openNotifyFIFO(path: fifo.path))
            } catch {
                logger.error("notify FIFO \(fifo.path): \(error); FIFO notifications are not written")
                continue
            }
            guard let script = fifo.script else { continue }
            switch policy.resolve(script.arguments + [fifo.path], user: script.user.map { ($0, script.group) }) {
            case .failure(let refusal):
                logger.error("notify FIFO \(fifo.path): \(refusal)")
            case .success(let resolved):
                let pid = scripts.run(resolved) { [weak self] outcome in
                    guard let self, !closed else { return }
                    logger.warning("notify FIFO script '\(resolved.name)' \(outcome)")
                }
                if let pid { readers.append(pid) }
            }
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        for pid in readers { scripts.kill(pid) }
        for writer in writers { writer.removeIfCreated() }
        writers = []
    }
}
