import CKeepvipShim
import Glibc
import VRRPCore

/// A listening stream socket, non-blocking and close-on-exec: a Unix socket at a path (the control
/// socket) or TCP at an address and port (the metrics endpoint).
public final class StreamListener {
    public let fileDescriptor: Int32
    /// The Unix socket's path once bound, removed by `close()`.
    private var path: String?
    private var closed = false

    private init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    deinit { close() }

    /// Listens at `path` with `mode`, owned by root and `group` when given. A socket file left there
    /// by a process that has gone is replaced; one another process still answers at is refused
    /// (EADDRINUSE), so two daemons never share a control socket.
    public static func unix(path: String, mode: mode_t, group: gid_t?, backlog: Int32 = 16) throws(SystemCallError) -> StreamListener {
        var address = try unixAddress(path, call: "bind")
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        var status = stat()
        if lstat(path, &status) == 0 {
            // Only a socket nobody answers at is ours to replace; anything else stays.
            guard status.st_mode & S_IFMT == S_IFSOCK else { throw SystemCallError("bind(\(path))", errno: EEXIST) }
            let probe = try makeSocket(family: AF_UNIX)
            let answered = withSocketAddress(&address) { Glibc.connect(probe, $0, length) } == 0 || Glibc.errno == EAGAIN
            closeDescriptor(probe)
            if answered { throw SystemCallError("bind(\(path))", errno: EADDRINUSE) }
            unlink(path)
        }
        // Owned from here: a failure below closes the socket and removes the file.
        let listener = StreamListener(fileDescriptor: try makeSocket(family: AF_UNIX))
        if withSocketAddress(&address, { Glibc.bind(listener.fileDescriptor, $0, length) }) != 0 { throw .last("bind(\(path))") }
        listener.path = path
        if chmod(path, mode) != 0 { throw .last("chmod(\(path))") }
        if let group, chown(path, 0, group) != 0 { throw .last("chown(\(path))") }
        if listen(listener.fileDescriptor, backlog) != 0 { throw .last("listen(\(path))") }
        return listener
    }

    /// Listens on TCP at `address` and `port` (SO_REUSEADDR, so a restart finds its port free; an
    /// IPv6 address listens on IPv6 only).
    public static func tcp(address: IPAddress, port: UInt16, backlog: Int32 = 16) throws(SystemCallError) -> StreamListener {
        let call = "bind(\(address.family == .ipv6 ? "[\(address)]" : "\(address)"):\(port))"
        let listener = StreamListener(fileDescriptor: try makeSocket(family: address.family == .ipv4 ? AF_INET : AF_INET6))
        let fd = listener.fileDescriptor
        try setSocketOption(fd, SOL_SOCKET, SO_REUSEADDR, Int32(1), name: "SO_REUSEADDR")
        let bound: Int32
        switch address {
        case .v4(let ipv4):
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = port.bigEndian
            socketAddress.sin_addr = in_addr(hostOrder: ipv4.value)
            bound = withSocketAddress(&socketAddress) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        case .v6(let ipv6):
            try setSocketOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, Int32(1), name: "IPV6_V6ONLY")
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { $0.copyBytes(from: ipv6.bytes) }
            bound = withSocketAddress(&socketAddress) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        if bound != 0 { throw .last(call) }
        if listen(fd, backlog) != 0 { throw .last("listen") }
        return listener
    }

    /// Accepts one waiting connection, non-blocking and close-on-exec; nil when none is waiting.
    public func accept() throws(SystemCallError) -> StreamConnection? {
        while true {
            let fd = kv_accept(fileDescriptor)
            if fd >= 0 { return StreamConnection(fileDescriptor: fd) }
            switch Glibc.errno {
            case EINTR, ECONNABORTED: continue
            case EAGAIN: return nil
            default: throw .last("accept4")
            }
        }
    }

    public func close() {
        guard !closed else { return }
        closed = true
        closeDescriptor(fileDescriptor)
        if let path { unlink(path) }
    }

    static func makeSocket(family: Int32) throws(SystemCallError) -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw .last("socket") }
        return fd
    }
}

/// One accepted connection: non-blocking reads and writes that say when they would block.
public final class StreamConnection {
    public let fileDescriptor: Int32
    private var closed = false

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    deinit { close() }

    /// A blocking connection to the Unix socket at `path` (the `keepvip` tool's side), whose reads
    /// give up after `timeout`.
    public static func connect(unixPath path: String, timeout: Duration) throws(SystemCallError) -> StreamConnection {
        var address = try unixAddress(path, call: "connect")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw .last("socket") }
        let connection = StreamConnection(fileDescriptor: fd)
        let limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        try setSocketOption(fd, SOL_SOCKET, SO_RCVTIMEO, limit, name: "SO_RCVTIMEO")
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        if withSocketAddress(&address, { Glibc.connect(fd, $0, length) }) != 0 { throw .last("connect(\(path))") }
        return connection
    }

    /// Blocking: sends all of `bytes`, then reads until the other side closes.
    public func exchange(_ bytes: [UInt8]) throws(SystemCallError) -> [UInt8] {
        var pending = bytes[...]
        while !pending.isEmpty {
            let written = try write(pending)
            if written == 0 { throw SystemCallError("send", errno: EAGAIN) }
            pending = pending.dropFirst(written)
        }
        var received: [UInt8] = []
        while true {
            switch try read(upTo: 65536) {
            case .bytes(let bytes): received += bytes
            case .endOfFile: return received
            // SO_RCVTIMEO ran out.
            case .wouldBlock: throw SystemCallError("recv", errno: ETIMEDOUT)
            }
        }
    }

    public enum ReadResult: Equatable {
        case bytes([UInt8])
        case wouldBlock
        case endOfFile
    }

    /// Reads what is there, at most `limit` bytes.
    public func read(upTo limit: Int) throws(SystemCallError) -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fileDescriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { return .bytes(Array(buffer[..<count])) }
            if count == 0 { return .endOfFile }
            switch Glibc.errno {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            default: throw .last("recv")
            }
        }
    }

    /// Writes as much of `bytes` as the socket takes now; returns how much (0 when it would block).
    public func write(_ bytes: ArraySlice<UInt8>) throws(SystemCallError) -> Int {
        while true {
            let count = bytes.withUnsafeBytes { send(fileDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count >= 0 { return count }
            switch Glibc.errno {
            case EINTR: continue
            case EAGAIN: return 0
            default: throw .last("send")
            }
        }
    }

    /// The other side reads the end of the stream; this side can still read.
    public func shutdownWrite() {
        _ = shutdown(fileDescriptor, Int32(SHUT_WR))
    }

    public func close() {
        guard !closed else { return }
        closed = true
        closeDescriptor(fileDescriptor)
    }
}

/// The `sockaddr_un` of `path`; ENAMETOOLONG (as `call(path)`) when it does not fit.
func unixAddress(_ path: String, call: String) throws(SystemCallError) -> sockaddr_un {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
        throw SystemCallError("\(call)(\(path))", errno: ENAMETOOLONG)
    }
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
    return address
}

/// Calls `body` with `address` as the `sockaddr` pointer the socket calls take.
func withSocketAddress<Address, Result>(_ address: inout Address, _ body: (UnsafePointer<sockaddr>) throws -> Result) rethrows -> Result {
    try withUnsafePointer(to: &address) { try $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
}
