import Glibc
import KeepvipLinux

/// The daemon's PID file: written at start, removed on a clean exit.
enum PIDFile {
    static func write(path: String) throws(SystemCallError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw SystemCallError("open(\(path))", errno: errno) }
        defer { close(fd) }
        let text = Array("\(getpid())\n".utf8)
        if text.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) != text.count {
            throw SystemCallError("write(\(path))", errno: errno)
        }
    }

    static func remove(path: String) {
        unlink(path)
    }
}
