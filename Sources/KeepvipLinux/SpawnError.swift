import CKeepvipShim
import Glibc

/// Why `ChildProcess.spawn` did not start a program.
public enum SpawnError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No arguments were given.
    case emptyCommand
    /// An argument or environment entry contains a NUL byte, which execve cannot pass.
    case embeddedNul(String)
    /// A system call failed in the daemon, before the child existed or while collecting it.
    case parent(SystemCallError)
    /// The child could not set itself up or execve failed (ENOENT: no such program; EACCES:
    /// not executable). The child has been reaped; it never ran the program.
    case child(SystemCallError)

    public var description: String {
        switch self {
        case .emptyCommand: "cannot run an empty command"
        case .embeddedNul(let text): "argument contains a NUL byte: \(text.debugDescription)"
        case .parent(let error): error.description
        case .child(let error): "in the child: \(error.description)"
        }
    }

    /// Maps a failed `kv_spawn` stage to the call that failed.
    static func failed(stage: Int32, errno: Int32) -> SpawnError {
        let stage = UInt32(bitPattern: stage)
        let call: String
        switch kv_spawn_stage(rawValue: stage) {
        case KV_SPAWN_PIPE: call = "pipe2"
        case KV_SPAWN_DEVNULL: call = "open(/dev/null)"
        case KV_SPAWN_FORK: call = "fork"
        case KV_SPAWN_PIDFD: call = "pidfd_open"
        case KV_SPAWN_READ: call = "read(exec report)"
        case KV_SPAWN_CHILD_SIGNALS: return .child(SystemCallError("sigprocmask", errno: errno))
        case KV_SPAWN_CHILD_SETPGID: return .child(SystemCallError("setpgid", errno: errno))
        case KV_SPAWN_CHILD_STDIO: return .child(SystemCallError("dup2(/dev/null)", errno: errno))
        case KV_SPAWN_CHILD_SETGROUPS: return .child(SystemCallError("setgroups", errno: errno))
        case KV_SPAWN_CHILD_SETGID: return .child(SystemCallError("setresgid", errno: errno))
        case KV_SPAWN_CHILD_SETUID: return .child(SystemCallError("setresuid", errno: errno))
        case KV_SPAWN_CHILD_CLOSE_RANGE: return .child(SystemCallError("close_range", errno: errno))
        case KV_SPAWN_CHILD_EXEC: return .child(SystemCallError("execve", errno: errno))
        default: call = "spawn(stage \(stage))"
        }
        return .parent(SystemCallError(call, errno: errno))
    }
}
