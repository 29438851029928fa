import Glibc

/// Who a child process runs as: keepalived's `script_user USER [GROUP]`.
///
/// The supplementary groups are resolved beforehand (`UserDatabase.credentials(user:group:)` uses
/// getgrouplist, which is what initgroups would install) because the child, between fork and exec,
/// may only make async-signal-safe calls, and initgroups reads the group database.
public struct Credentials: Equatable, Hashable, Sendable {
    public var uid: uid_t
    public var gid: gid_t
    public var supplementaryGroups: [gid_t]

    public init(uid: uid_t, gid: gid_t, supplementaryGroups: [gid_t] = []) {
        self.uid = uid
        self.gid = gid
        self.supplementaryGroups = supplementaryGroups
    }
}
