/// `state`: the state an instance starts in. A hint only: the election decides.
public enum InitialState: Sendable, Hashable, CustomStringConvertible {
    case master
    case backup

    public var description: String {
        switch self {
        case .master: "MASTER"
        case .backup: "BACKUP"
        }
    }
}
