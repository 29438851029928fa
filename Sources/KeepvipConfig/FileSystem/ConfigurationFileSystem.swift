/// Where configuration text comes from: the host's files, or memory in tests.
public protocol ConfigurationFileSystem: Sendable {
    /// The bytes of the file at `path`.
    func contents(of path: String) throws -> [UInt8]
    /// The paths matching a shell glob pattern, sorted; empty when nothing matches.
    func expand(glob pattern: String) -> [String]
    /// A name for `path` that is the same for every spelling of the same file (used to detect include cycles).
    func canonicalPath(of path: String) -> String
}

extension ConfigurationFileSystem {
    public func canonicalPath(of path: String) -> String {
        PathSyntax.normalized(path)
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
