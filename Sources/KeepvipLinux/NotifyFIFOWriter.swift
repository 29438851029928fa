import Glibc

public enum NotifyFIFOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path exists and is not a FIFO.
    case notAFIFO(path: String)
    /// The pipe is full (no reader, or one that does not keep up): the line was dropped whole.
    case full
    /// Longer than PIPE_BUF, so it could not be written atomically: dropped.
    case lineTooLong(length: Int)
    case systemCall(SystemCallError)

    public var description: String {
        switch self {
        case .notAFIFO(let path): "\(path) exists and is not a FIFO"
        case .full: "notify FIFO full: line dropped"
        case .lineTooLong(let length): "notify line of \(length) bytes exceeds PIPE_BUF: dropped"
        case .systemCall(let error): error.description
        }
    }
}

/// keepalived's `notify_fifo PATH` (and `vrrp_notify_fifo`): state-change lines written to a
/// named pipe a local agent reads.
///
/// The FIFO is created if missing with mode 0644 (as keepalived creates it) and opened
/// O_RDWR | O_NONBLOCK: holding both ends, the open never waits for a reader, writing never
/// raises SIGPIPE when no reader is attached, and lines wait in the pipe buffer until one
/// attaches. Each line is one write(2) of at most PIPE_BUF bytes, so it lands whole or not at
/// all: when the pipe is full the line is dropped with `.full`, which the caller counts.
/// The path is opened with O_NOFOLLOW: a symlink planted there is refused.
public final class NotifyFIFOWriter {
    public let path: String
    public let descriptor: Int32
    /// True when this value created the FIFO (keepalived removes such a FIFO when it stops).
    public let createdFIFO: Bool

    public init(path: String) throws(NotifyFIFOError) {
        var created = false
        if mkfifo(path, 0o644) == 0 {
            created = true
        } else if Glibc.errno != EEXIST {
            throw .systemCall(.last("mkfifo(\(path))"))
        }
        let fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if Glibc.errno == ELOOP { throw .notAFIFO(path: path) }
            throw .systemCall(.last("open(\(path))"))
        }
        var status = stat()
        if fstat(fd, &status) != 0 {
            let error = SystemCallError.last("fstat(\(path))")
            closeDescriptor(fd)
            throw .systemCall(error)
        }
        if status.st_mode & S_IFMT != S_IFIFO {
            closeDescriptor(fd)
            throw .notAFIFO(path: path)
        }
        self.path = path
        descriptor = fd
        createdFIFO = created
    }

    deinit {
        closeDescriptor(descriptor)
    }

    /// Writes `line`, adding the newline if it has none.
    public func write(line: String) throws(NotifyFIFOError) {
        var bytes = Array(line.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        if bytes.count > Int(PIPE_BUF) { throw .lineTooLong(length: bytes.count) }
        while true {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written == bytes.count { return }
            if written >= 0 {
                // Cannot happen for a pipe and at most PIPE_BUF bytes; never leave half a line.
                throw .systemCall(SystemCallError("write(\(path))", errno: EIO))
            }
            switch Glibc.errno {
            case EINTR: continue
            case EAGAIN: throw .full
            default: throw .systemCall(.last("write(\(path))"))
            }
        }
    }

    /// Unlinks the FIFO if this value created it.
    public func removeIfCreated() {
        if createdFIFO { _ = unlink(path) }
    }
}
