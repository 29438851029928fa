import CNetlinkRoute

/// A failed libnl call: the call's name and the libnl error code (negative `NLE_*`), with
/// `nl_geterror`'s text. `description` reads `rtnl_addr_add: Object exists (-6)`.
///
/// libnl maps kernel errnos to its own codes: EEXIST → NLE_EXIST (-6), EADDRNOTAVAIL →
/// NLE_NOADDR (-19), ESRCH → NLE_OBJ_NOTFOUND (-12), ENODEV → NLE_NODEV (-31), EINVAL → NLE_INVAL (-7), EPERM → NLE_PERM (-28).
public struct NetlinkError: Error, CustomStringConvertible, Equatable, Sendable {
    public var call: String
    /// The negative libnl error code.
    public var code: Int32
    public var message: String

    public init(_ call: String, code: Int32) {
        self.call = call
        self.code = code < 0 ? code : -code
        message = nl_geterror(code).map { String(cString: $0) } ?? "unknown error"
    }

    public var description: String { "\(call): \(message) (\(code))" }

    // libnl-3 netlink/errno.h
    public static let exists: Int32 = -6          // NLE_EXIST
    public static let invalid: Int32 = -7         // NLE_INVAL
    public static let range: Int32 = -8           // NLE_RANGE
    public static let notFound: Int32 = -12       // NLE_OBJ_NOTFOUND (ESRCH)
    public static let noAddress: Int32 = -19      // NLE_NOADDR
    public static let permission: Int32 = -28     // NLE_PERM
    public static let noDevice: Int32 = -31       // NLE_NODEV
    public static let noMemory: Int32 = -5        // NLE_NOMEM
}
