/// The states of RFC 9568 §6.4 (RFC 3768 calls Active "Master"), plus keepalived's FAULT.
public enum RouterState: Hashable, Sendable, CustomStringConvertible {
    case initialize
    case backup
    case active
    /// keepalived's FAULT: a tracked interface, script or file says this router must not serve. It sends
    /// nothing, holds no address and ignores adverts until its health returns (keepalived.conf(5),
    /// `track_interface` / `vrrp_script`: "go to FAULT state").
    case fault

    /// keepalived's words, which operators' log filters match.
    public var description: String {
        switch self {
        case .initialize: "INIT"
        case .backup: "BACKUP"
        case .active: "MASTER"
        case .fault: "FAULT"
        }
    }
}
