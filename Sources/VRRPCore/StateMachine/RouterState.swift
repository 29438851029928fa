/// The states of RFC 9568 §6.4 (RFC 3768 calls Active "Master").
public enum RouterState: Hashable, Sendable, CustomStringConvertible {
    case initialize
    case backup
    case active

    /// keepalived's words, which operators' log filters match.
    public var description: String {
        switch self {
        case .initialize: "INIT"
        case .backup: "BACKUP"
        case .active: "MASTER"
        }
    }
}
