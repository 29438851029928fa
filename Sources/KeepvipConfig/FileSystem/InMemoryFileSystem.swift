#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files held in memory, for tests and for tools that already have the text.
public struct InMemoryFileSystem: ConfigurationFileSystem {
    /// Normalized path to contents.
    public var files: [String: [UInt8]]
    /// Normalized paths of the files in `files` that have an execute bit.
    public var executables: Set<String>

    /// - Parameter executables: programs to create as executable files (with a `#!/bin/sh` line).
    public init(files: [String: String] = [:], executables: [String] = []) {
        var normalized: [String: [UInt8]] = [:]
        for (path, text) in files {
            normalized[PathSyntax.normalized(path)] = Array(text.utf8)
        }
        self.files = normalized
        self.executables = []
        for path in executables { install(executable: path) }
    }

    /// Adds an executable file at `path`.
    public mutating func install(executable path: String, contents: String = "#!/bin/sh\n") {
        let key = PathSyntax.normalized(path)
        files[key] = Array(contents.utf8)
        executables.insert(key)
    }

    public func executableStatus(of path: String) -> ExecutableStatus {
        let key = PathSyntax.normalized(path)
        if files[key] != nil { return executables.contains(key) ? .executable : .notExecutable }
        let directory = key.hasSuffix("/") ? key : key + "/"
        return files.keys.contains { $0.hasPrefix(directory) } ? .notRegularFile : .missing
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
