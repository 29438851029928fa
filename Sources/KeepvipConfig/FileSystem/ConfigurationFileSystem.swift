/// Where configuration text comes from: the host's files, or memory in tests.
public protocol ConfigurationFileSystem: Sendable {
    /// The bytes of the file at `path`.
    func contents(of path: String) throws -> [UInt8]
    /// The paths matching a shell glob pattern, sorted; empty when nothing matches.
    func expand(glob pattern: String) -> [String]
    /// A name for `path` that is the same for every spelling of the same file (used to detect include cycles).
    func canonicalPath(of path: String) -> String
    /// What is at `path` when asked to run it (symbolic links followed).
    func executableStatus(of path: String) -> ExecutableStatus
}

/// What `ConfigurationFileSystem.executableStatus(of:)` found.
public enum ExecutableStatus: Sendable, Hashable {
    /// A regular file with an execute bit set.
    case executable
    /// A regular file without any execute bit.
    case notExecutable
    /// A directory or another kind of file.
    case notRegularFile
    case missing
}

/// Where a script's program was looked for, and what was found.
public struct ExecutableLookup: Sendable, Hashable {
    /// The executable file to run; `nil` when none was found.
    public var path: String?
    /// The candidate that explains a failure (the written path, or the first search-path entry that
    /// exists but cannot be run); `nil` when a bare name was found nowhere.
    public var rejected: (path: String, status: ExecutableStatus)? {
        guard let rejectedPath else { return nil }
        return (rejectedPath, rejectedStatus)
    }
    var rejectedPath: String?
    var rejectedStatus: ExecutableStatus = .missing
}

extension ConfigurationFileSystem {
    public func canonicalPath(of path: String) -> String {
        PathSyntax.normalized(path)
    }
}

extension ConfigurationFileSystem {
    /// Finds `program` as keepalived does (lib/notify.c, `find_path`, after glibc's `execvp`): a name
    /// holding a `/` is used as written; a bare name is looked up in each `searchPath` directory in
    /// order and the first executable file wins.
    public func locateExecutable(_ program: String, searchPath: [String] = ScriptCommand.searchPath) -> ExecutableLookup {
        var lookup = ExecutableLookup()
        if program.isEmpty { return lookup }
        if program.contains("/") {
            let status = executableStatus(of: program)
            if status == .executable {
                lookup.path = program
            } else {
                lookup.rejectedPath = program
                lookup.rejectedStatus = status
            }
            return lookup
        }
        for directory in searchPath {
            let candidate = directory.hasSuffix("/") ? directory + program : directory + "/" + program
            let status = executableStatus(of: candidate)
            if status == .executable {
                lookup.path = candidate
                lookup.rejectedPath = nil
                return lookup
            }
            if status != .missing, lookup.rejectedPath == nil {
                lookup.rejectedPath = candidate
                lookup.rejectedStatus = status
            }
        }
        return lookup
    }
}

extension ConfigurationFileSystem where Self == HostFileSystem {
    /// The machine's own files.
    public static var host: HostFileSystem { HostFileSystem() }
}

/// A file could not be read.
public struct FileReadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot read \(path): \(reason)" }
}
