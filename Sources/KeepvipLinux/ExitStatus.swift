import Glibc

/// How a child process ended, as waitid reports it.
public enum ExitStatus: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// It called exit (or returned from main) with this code.
    case exited(Int32)
    /// A signal ended it (with or without a core dump).
    case signalled(Int32)

    /// keepalived counts a `vrrp_script` as passing only when it exits with status 0.
    public var isSuccess: Bool { self == .exited(0) }

    /// "exited with status 1", "killed by signal 9".
    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "killed by signal \(signal)"
        }
    }
}
