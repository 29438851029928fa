#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads configuration files with `open(2)`/`read(2)` and expands patterns with `glob(3)`.
public struct HostFileSystem: ConfigurationFileSystem {
    /// Refuse files larger than this: a configuration is text, not a disk image.
    public static let maximumFileSize = 16 * 1024 * 1024

    public init() {}

    public func contents(of path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReadError(path: path, reason: Self.lastErrorText()) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw FileReadError(path: path, reason: "it is a directory")
        }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path, reason: Self.lastErrorText())
            }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
            if result.count > Self.maximumFileSize {
                throw FileReadError(path: path, reason: "larger than \(Self.maximumFileSize) bytes")
            }
        }
        return result
    }

    public func expand(glob pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        #if canImport(Glibc)
        let flags = GLOB_BRACE | GLOB_TILDE
        #else
        let flags: Int32 = 0
        #endif
        guard glob(pattern, Int32(flags), nil, &matches) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(matches.gl_pathc) {
            if let entry = matches.gl_pathv[index] {
                paths.append(String(cString: entry))
            }
        }
        return paths.sorted()
    }

    public func canonicalPath(of path: String) -> String {
        guard let resolved = realpath(path, nil) else { return PathSyntax.normalized(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public func executableStatus(of path: String) -> ExecutableStatus {
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return .notRegularFile }
        return (status.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0 ? .executable : .notExecutable
    }

    private static func lastErrorText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}
