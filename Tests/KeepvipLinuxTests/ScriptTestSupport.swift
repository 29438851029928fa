import Glibc
@testable import KeepvipLinux

/// A directory from mkdtemp under /tmp, removed (with its contents) by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/keepvip-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func write(_ name: String, _ text: String, mode: mode_t = 0o644) {
        let fd = open(file(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        precondition(fd >= 0, "open \(name)")
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
        chmod(file(name), mode)
    }

    func read(_ name: String) -> String? {
        let fd = open(file(name), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// rm -rf, run as a child of our own: it copes with whatever modes and links a test left.
    func remove() {
        guard let child = try? ChildProcess.spawn(["/bin/rm", "-rf", path]) else { return }
        _ = try? waitForExit(child)
    }
}

/// poll(2) for readability with a generous hang guard; true when readable.
func waitReadable(_ fd: Int32, timeoutMilliseconds: Int32 = 30_000) -> Bool {
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    while true {
        let result = poll(&entry, 1, timeoutMilliseconds)
        if result < 0 && errno == EINTR { continue }
        return result == 1 && entry.revents & Int16(POLLIN) != 0
    }
}

/// Waits (hang guard only) for the child to exit and returns its status.
func waitForExit(_ child: ChildProcess) throws -> ExitStatus? {
    guard waitReadable(child.descriptor) else { return nil }
    return try child.reap()
}

/// Polls `condition` every 10 ms for up to `seconds` (a hang guard, not a timing bound).
func eventually(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
    let deadline = Int(seconds * 100)
    for _ in 0..<deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
