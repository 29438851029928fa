import Glibc

/// systemd's notification protocol (sd_notify(3)): one datagram of `KEY=VALUE` lines to the
/// AF_UNIX socket named by `NOTIFY_SOCKET` (a path, or `@name` in the abstract namespace). Written
/// directly rather than through libsystemd: the protocol is one `sendto`, and the daemon keeps one
/// library less. Non-blocking: a datagram that cannot be sent at once is dropped, never waited for.
public final class SystemdNotifier {
    private let descriptor: Int32
    private var address = sockaddr_un()
    private let addressLength: socklen_t
    /// `WATCHDOG_USEC` halved (sd_watchdog_enabled(3)): how often the loop must say it is alive;
    /// nil when systemd watches nothing, or watches another process (`WATCHDOG_PID`).
    public let watchdogInterval: Duration?

    /// Nil when the daemon was not started by systemd with `Type=notify` (no `NOTIFY_SOCKET`).
    public init?(environment: [String: String] = SystemdNotifier.processEnvironment()) {
        guard let path = environment["NOTIFY_SOCKET"], path.count > 1,
              path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else { return nil }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return nil }
        descriptor = fd
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        addressLength = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let watchedPID = environment["WATCHDOG_PID"].flatMap { pid_t($0) }
        if let microseconds = environment["WATCHDOG_USEC"].flatMap(Int64.init), microseconds > 0,
           watchedPID == nil || watchedPID == getpid() {
            watchdogInterval = .microseconds(microseconds / 2)
        } else {
            watchdogInterval = nil
        }
    }

    deinit { closeDescriptor(descriptor) }

    /// Sends `lines` (`READY=1`, `STATUS=…`) as one datagram.
    public func notify(_ lines: [String]) throws(SystemCallError) {
        let message = Array(lines.joined(separator: "\n").utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL), socketAddress, addressLength) }
            }
        }
        if sent < 0 { throw .last("sendto(NOTIFY_SOCKET)") }
    }

    /// The variables of this process's environment.
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}
