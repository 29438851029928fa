import Glibc

/// Watches files for keepalived's `track_file`: inotify on each file's directory, so a file
/// that is created, replaced by rename, written and closed, or deleted is noticed (keepalived
/// watches the directory the same way, track_file.c).
///
/// Register `descriptor` with the event loop and call `drain()` when it is readable.
public final class FileWatch {
    /// The inotify descriptor (non-blocking, close-on-exec).
    public let descriptor: Int32
    private struct Watched {
        var path: String
        var directory: Int32
        var name: String
    }
    private var watched: [Watched] = []
    private static let events: UInt32 = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE)
        | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)

    public init() throws(SystemCallError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd < 0 { throw .last("inotify_init1") }
        descriptor = fd
    }

    deinit {
        closeDescriptor(descriptor)
    }

    /// Watches `path`. Like keepalived, a file that exists is followed through symlinks to its
    /// real location; a missing one is watched in its (resolved) directory, which must exist.
    /// `drain()` reports changes by `path` exactly as given here.
    public func watch(_ path: String) throws(SystemCallError) {
        let (directory, name) = try Self.location(of: path)
        let wd = inotify_add_watch(descriptor, directory, Self.events)
        if wd < 0 { throw .last("inotify_add_watch(\(directory))") }
        watched.append(Watched(path: path, directory: wd, name: name))
    }

    /// Reads every pending event and returns the watched paths that changed, each once, in the
    /// order first seen. When the kernel's queue overflowed, or a watched directory went away,
    /// the affected paths are all reported: re-reading an unchanged file is harmless.
    public func drain() throws(SystemCallError) -> [String] {
        var changed: [String] = []
        func note(_ path: String) { if !changed.contains(path) { changed.append(path) } }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let header = MemoryLayout<inotify_event>.size
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if Glibc.errno == EINTR { continue }
                if Glibc.errno == EAGAIN { return changed }
                throw .last("read(inotify)")
            }
            if count == 0 { return changed }
            var offset = 0
            while offset + header <= count {
                let (wd, mask, nameLength) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + header)..<min(offset + header + nameLength, count)]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += header + nameLength
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    watched.forEach { note($0.path) }
                } else if mask & UInt32(IN_IGNORED) != 0 {
                    watched.filter { $0.directory == wd }.forEach { note($0.path) }
                } else if mask & UInt32(IN_ISDIR) == 0 {
                    watched.filter { $0.directory == wd && $0.name == name }.forEach { note($0.path) }
                }
            }
        }
    }

    /// The directory to watch and the file name within it.
    private static func location(of path: String) throws(SystemCallError) -> (String, String) {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return split(String(cString: real))
        }
        guard Glibc.errno == ENOENT else { throw .last("realpath(\(path))") }
        let (directory, name) = split(path)
        guard let realDirectory = realpath(directory, nil) else { throw .last("realpath(\(directory))") }
        defer { free(realDirectory) }
        return (String(cString: realDirectory), name)
    }

    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, String(path[path.index(after: slash)...]))
    }
}
