import Glibc

/// systemd-journald's native protocol (systemd.journal-fields(7), "Native Protocol"): one datagram
/// per entry to /run/systemd/journal/socket, fields as `NAME=value\n`, or `NAME\n` + 64-bit
/// little-endian length + value + `\n` for a value with a line feed. Never blocks: an entry the
/// journal cannot take at once is not sent, and the caller hears so.
public final class JournalSocket {
    public static let defaultPath = "/run/systemd/journal/socket"
    private let descriptor: Int32

    public enum SendResult: Equatable {
        case sent
        /// The journal is not reading fast enough (its queue is full).
        case wouldBlock
        case failed(SystemCallError)
    }

    /// Connects to the journal; nil when no journal listens at `path`.
    public init?(path: String = JournalSocket.defaultPath) {
        guard var address = try? unixAddress(path, call: "connect") else { return nil }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return nil }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        guard withSocketAddress(&address, { connect(fd, $0, length) }) == 0 else {
            closeDescriptor(fd)
            return nil
        }
        descriptor = fd
    }

    /// A descriptor already connected to a journal (tests: one end of a datagram socket pair).
    public init(connectedDescriptor: Int32) {
        descriptor = connectedDescriptor
    }

    deinit { closeDescriptor(descriptor) }

    public func send(_ fields: [(name: String, value: String)]) -> SendResult {
        let entry = Self.encode(fields)
        let sent = entry.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
        if sent >= 0 { return .sent }
        return Glibc.errno == EAGAIN ? .wouldBlock : .failed(.last("send(journal)"))
    }

    static func encode(_ fields: [(name: String, value: String)]) -> [UInt8] {
        var entry: [UInt8] = []
        for (name, value) in fields {
            let bytes = Array(value.utf8)
            entry += Array(name.utf8)
            if bytes.contains(UInt8(ascii: "\n")) {
                entry.append(UInt8(ascii: "\n"))
                withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { entry += $0 }
            } else {
                entry.append(UInt8(ascii: "="))
            }
            entry += bytes
            entry.append(UInt8(ascii: "\n"))
        }
        return entry
    }

    /// Whether standard error is the journal's stream socket: systemd sets `JOURNAL_STREAM` to its
    /// `device:inode` (systemd.exec(5)), so a daemon whose stderr was redirected elsewhere does not
    /// take itself for a journal client.
    public static func isStandardErrorTheJournal(environment value: String?) -> Bool {
        guard let value, let colon = value.firstIndex(of: ":"),
              let device = UInt64(value[..<colon]), let inode = UInt64(value[value.index(after: colon)...]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
