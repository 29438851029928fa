#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files held in memory, for tests and for tools that already have the text.
public struct InMemoryFileSystem: ConfigurationFileSystem {
    /// Normalized path to contents.
    public var files: [String: [UInt8]]

    public init(files: [String: String] = [:]) {
        var normalized: [String: [UInt8]] = [:]
        for (path, text) in files {
            normalized[PathSyntax.normalized(path)] = Array(text.utf8)
        }
        self.files = normalized
    }

    public mutating func write(_ text: String, to path: String) {
        files[PathSyntax.normalized(path)] = Array(text.utf8)
    }

    public func contents(of path: String) throws -> [UInt8] {
        guard let bytes = files[PathSyntax.normalized(path)] else {
            throw FileReadError(path: path, reason: "No such file or directory")
        }
        return bytes
    }

    /// Matches with `fnmatch(3)` (`*`, `?`, `[...]`; `*` does not cross `/`).
    public func expand(glob pattern: String) -> [String] {
        let normalizedPattern = PathSyntax.normalized(pattern)
        return files.keys.filter { fnmatch(normalizedPattern, $0, FNM_PATHNAME) == 0 }.sorted()
    }
}
