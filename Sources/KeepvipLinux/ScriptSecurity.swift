import Glibc

/// Why a script may not run under keepalived's `enable_script_security`; each case names the
/// path at fault.
public enum ScriptSecurityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The script or a directory on its path cannot be found or examined.
    case inaccessible(path: String, SystemCallError)
    /// Something other than a directory on the way, or a script that is not a regular file.
    case wrongFileType(path: String)
    case ownedByNonRoot(path: String, owner: uid_t)
    /// Group-writable, and the group is not root's.
    case groupWritable(path: String, group: gid_t)
    case worldWritable(path: String)
    /// Not executable by the user and group that would run it.
    case notExecutable(path: String, uid: uid_t, gid: gid_t)

    /// The path at fault.
    public var path: String {
        switch self {
        case .inaccessible(let path, _), .wrongFileType(let path), .ownedByNonRoot(let path, _),
             .groupWritable(let path, _), .worldWritable(let path), .notExecutable(let path, _, _):
            path
        }
    }

    public var description: String {
        switch self {
        case .inaccessible(let path, let error): "\(path) cannot be examined: \(error)"
        case .wrongFileType(let path): "\(path) is not a directory or a regular file"
        case .ownedByNonRoot(let path, let owner): "\(path) is owned by uid \(owner), not root"
        case .groupWritable(let path, let group): "\(path) is writable by group \(group)"
        case .worldWritable(let path): "\(path) is writable by everyone"
        case .notExecutable(let path, let uid, let gid): "\(path) is not executable by \(uid):\(gid)"
        }
    }
}

/// keepalived's script security check (`enable_script_security`): a script run with root's
/// power must not be changeable by anyone but root — neither the file nor any directory on
/// its path. keepalived checks once, when it loads the configuration.
///
/// The rules, as keepalived applies them (lib/notify.c, check_script_secure/check_security):
/// - a name without '/' is looked up in PATH (first regular file executable by the user);
/// - the path is resolved with realpath, and the resolved path is what runs — except that when
///   the resolved file name differs (the script is a symlink), keepalived keeps the configured
///   name in the resolved directory if that still reaches the same file, since some programs
///   behave by the name they are called; then both that path and the real file are checked;
/// - the script must be executable by the uid:gid that runs it (uid 0 needs any x bit; the owner
///   needs u+x; a member of the file's group g+x; anyone else o+x; supplementary groups are
///   not considered);
/// - only scripts run with root's power are checked further: uid 0 or gid 0, or a file
///   set-uid root or set-gid root;
/// - every component from "/" down is examined without following links (lstat): all but the last
///   must be directories, the last a regular file or a symlink; none may be owned by a non-root
///   user; a regular file, or a directory without the sticky bit, must not be writable by a group
///   other than root's (gid 0) nor by everyone. A symlink's own mode bits mean nothing and are
///   not checked, only its owner; a sticky directory such as /tmp passes.
public enum ScriptSecurity {
    /// Checks the script `path` run as `uid`:`gid` and returns the path to execute.
    public static func check(_ path: String, uid: uid_t, gid: gid_t) throws(ScriptSecurityError) -> String {
        let located = path.contains("/") ? path : try search(path, uid: uid, gid: gid)
        let resolved = try realPath(located)
        var toRun = resolved
        var alsoChecked: String?
        let configuredName = lastComponent(located)
        if lastComponent(resolved) != configuredName {
            let sameNameInResolvedDirectory = directoryPart(resolved) + "/" + configuredName
            if sameFile(sameNameInResolvedDirectory, resolved) {
                toRun = sameNameInResolvedDirectory
                alsoChecked = resolved
            }
        }

        var status = stat()
        if stat(resolved, &status) != 0 { throw .inaccessible(path: resolved, .last("stat")) }
        guard isExecutable(status, uid: uid, gid: gid) else {
            throw .notExecutable(path: resolved, uid: uid, gid: gid)
        }
        guard runsWithRootPower(status, uid: uid, gid: gid) else { return toRun }
        try checkNotWritableByOthers(toRun)
        if let alsoChecked { try checkNotWritableByOthers(alsoChecked) }
        return toRun
    }

    /// The path-walk part of the check on an absolute `path`: each component from "/" down,
    /// without following links.
    public static func checkNotWritableByOthers(_ path: String) throws(ScriptSecurityError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var prefixes = ["/"]
        var current = ""
        for component in components {
            current += "/" + component
            prefixes.append(current)
        }
        for (index, prefix) in prefixes.enumerated() {
            var status = stat()
            if lstat(prefix, &status) != 0 { throw .inaccessible(path: prefix, .last("lstat")) }
            let type = status.st_mode & S_IFMT
            let isLast = index == prefixes.count - 1
            if isLast ? (type != S_IFREG && type != S_IFLNK) : type != S_IFDIR {
                throw .wrongFileType(path: prefix)
            }
            if status.st_uid != 0 { throw .ownedByNonRoot(path: prefix, owner: status.st_uid) }
            let modeMatters = type == S_IFREG || (type == S_IFDIR && status.st_mode & S_ISVTX == 0)
            guard modeMatters else { continue }
            if status.st_gid != 0 && status.st_mode & S_IWGRP != 0 {
                throw .groupWritable(path: prefix, group: status.st_gid)
            }
            if status.st_mode & S_IWOTH != 0 { throw .worldWritable(path: prefix) }
        }
    }

    /// keepalived's executability test for `uid`:`gid` (no supplementary groups).
    static func isExecutable(_ status: stat, uid: uid_t, gid: gid_t) -> Bool {
        let mode = status.st_mode
        if uid == 0 { return mode & (S_IXUSR | S_IXGRP | S_IXOTH) != 0 }
        if uid == status.st_uid { return mode & S_IXUSR != 0 }
        if gid == status.st_gid { return mode & S_IXGRP != 0 }
        return mode & S_IXOTH != 0
    }

    /// Run as root or root's group, or set-uid/set-gid root: the case keepalived protects.
    static func runsWithRootPower(_ status: stat, uid: uid_t, gid: gid_t) -> Bool {
        let mode = status.st_mode
        return uid == 0 || gid == 0
            || (status.st_uid == 0 && mode & S_IXUSR != 0 && mode & S_ISUID != 0)
            || (status.st_gid == 0 && mode & S_IXGRP != 0 && mode & S_ISGID != 0)
    }

    /// The first regular file named `name` under `ChildProcess.searchPath` executable by uid:gid.
    private static func search(_ name: String, uid: uid_t, gid: gid_t) throws(ScriptSecurityError) -> String {
        for directory in ChildProcess.searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            var status = stat()
            if stat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
               isExecutable(status, uid: uid, gid: gid) {
                return candidate
            }
        }
        throw .inaccessible(path: name, SystemCallError("execvp-style PATH search", errno: ENOENT))
    }

    private static func realPath(_ path: String) throws(ScriptSecurityError) -> String {
        guard let resolved = realpath(path, nil) else { throw .inaccessible(path: path, .last("realpath")) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func sameFile(_ first: String, _ second: String) -> Bool {
        var a = stat()
        var b = stat()
        return stat(first, &a) == 0 && stat(second, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    private static func directoryPart(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "" : String(path[..<slash])
    }
}
