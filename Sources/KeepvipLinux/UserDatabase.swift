import Glibc

/// A user from the password database (getpwnam_r).
public struct UserRecord: Equatable, Sendable {
    public var name: String
    public var uid: uid_t
    /// The primary group.
    public var gid: gid_t
}

public enum UserLookupError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSuchUser(String)
    case noSuchGroup(String)
    case systemCall(SystemCallError)

    public var description: String {
        switch self {
        case .noSuchUser(let name): "no user named \(name)"
        case .noSuchGroup(let name): "no group named \(name)"
        case .systemCall(let error): error.description
        }
    }
}

/// Users and groups by name, for `script_user USER [GROUP]`.
public enum UserDatabase {
    /// keepalived runs scripts as this user by default when it exists (and, with
    /// enable_script_security, refuses to fall back to root when it does not).
    public static let defaultScriptUser = "keepalived_script"

    /// The user named `name`, or nil when there is none.
    public static func user(named name: String) throws(SystemCallError) -> UserRecord? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        try withGrowingBuffer("getpwnam_r(\(name))") { buffer in
            getpwnam_r(name, &entry, buffer.baseAddress!, buffer.count, &found)
        }
        guard found != nil else { return nil }
        return UserRecord(name: name, uid: entry.pw_uid, gid: entry.pw_gid)
    }

    /// The id of the group named `name`, or nil when there is none.
    public static func group(named name: String) throws(SystemCallError) -> gid_t? {
        var entry = Glibc.group()
        var found: UnsafeMutablePointer<Glibc.group>?
        try withGrowingBuffer("getgrnam_r(\(name))") { buffer in
            getgrnam_r(name, &entry, buffer.baseAddress!, buffer.count, &found)
        }
        guard found != nil else { return nil }
        return entry.gr_gid
    }

    /// Every group `user` belongs to, `primary` included: what initgroups would install
    /// (getgrouplist).
    public static func groups(ofUser user: String, primary: gid_t) throws(SystemCallError) -> [gid_t] {
        var count: Int32 = 16
        while true {
            var groups = [gid_t](repeating: 0, count: Int(count))
            let result = getgrouplist(user, primary, &groups, &count)
            if result >= 0 { return Array(groups.prefix(Int(count))) }
            // -1 means the array was too small and `count` now holds the size needed.
            guard count > groups.count else { throw SystemCallError("getgrouplist(\(user))", errno: ERANGE) }
        }
    }

    /// Whether `keepalived_script` exists.
    public static func defaultScriptUserExists() throws(SystemCallError) -> Bool {
        try user(named: defaultScriptUser) != nil
    }

    /// The credentials to run a script as `user`, with `group` (a name) as primary group when
    /// given, else the user's own; supplementary groups are the user's groups.
    public static func credentials(user: String, group groupName: String? = nil) throws(UserLookupError) -> Credentials {
        let record: UserRecord?
        do throws(SystemCallError) { record = try self.user(named: user) } catch { throw .systemCall(error) }
        guard let record else { throw .noSuchUser(user) }
        var gid = record.gid
        if let groupName {
            let found: gid_t?
            do throws(SystemCallError) { found = try group(named: groupName) } catch { throw .systemCall(error) }
            guard let found else { throw .noSuchGroup(groupName) }
            gid = found
        }
        do throws(SystemCallError) {
            return Credentials(uid: record.uid, gid: gid, supplementaryGroups: try groups(ofUser: user, primary: gid))
        } catch {
            throw .systemCall(error)
        }
    }

    /// Runs a *_r lookup with a buffer that doubles on ERANGE. "Not found" may come back as 0
    /// with no result or as one of ENOENT, ESRCH, EBADF, EPERM (getpwnam_r(3)): both are nil.
    private static func withGrowingBuffer(
        _ call: String, _ body: (UnsafeMutableBufferPointer<CChar>) -> Int32
    ) throws(SystemCallError) {
        var size = max(Int(sysconf(Int32(_SC_GETPW_R_SIZE_MAX))), 1024)
        while true {
            let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            let code = body(buffer)
            switch code {
            case 0, ENOENT, ESRCH, EBADF, EPERM: return
            case ERANGE where size < 1 << 20: size *= 2
            default: throw SystemCallError(call, errno: code)
            }
        }
    }
}
