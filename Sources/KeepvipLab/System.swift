import Glibc

/// Small process and file helpers on Glibc (the tool links no Foundation for this).
public enum Sys {
    nonisolated(unsafe) public static var interrupted: sig_atomic_t = 0

    /// SIGINT/SIGTERM/SIGHUP only set `interrupted`; the lab checks it between steps.
    public static func catchInterrupts() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var sa = sigaction()
            sa.__sigaction_handler.sa_handler = { _ in Sys.interrupted = 1 }
            sigemptyset(&sa.sa_mask)
            sa.sa_flags = 0
            sigaction(sig, &sa, nil)
        }
    }

    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    public static func sleep(seconds: Double) {
        var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rest = timespec()
        while nanosleep(&ts, &rest) == -1 && errno == EINTR && interrupted == 0 { ts = rest }
    }

    /// Starts argv[0] (searched in PATH) with the given fds as 0, 1, 2. Returns the PID.
    public static func spawn(_ argv: [String], stdin: Int32 = -1, stdout: Int32 = -1, stderr: Int32 = -1,
                             newSession: Bool = false) throws(LabError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, target) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
            if fd >= 0 { posix_spawn_file_actions_adddup2(&actions, fd, target) }
            else { posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0) }
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= 0x80 } // POSIX_SPAWN_SETSID
        posix_spawnattr_setflags(&attr, Int16(flags))
        var none = sigset_t(); sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var all = sigset_t(); sigemptyset(&all)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&all, s) }
        posix_spawnattr_setsigdefault(&attr, &all)
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attr, &cargs, environ)
        guard rc == 0 else { throw LabError("cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// A pipe whose ends are closed on exec (spawn's dup2 clears that on the child's copy).
    public static func pipe(_ fds: inout [Int32]) -> Bool {
        guard Glibc.pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Waits for a child; its exit status (128+signal if killed).
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Runs a command to completion; its status and combined output.
    @discardableResult
    public static func run(_ argv: [String]) -> (status: Int32, output: String) {
        var fds: [Int32] = [0, 0]
        guard Sys.pipe(&fds) else { return (-1, "pipe: \(String(cString: strerror(errno)))") }
        let pid: pid_t
        do { pid = try spawn(argv, stdout: fds[1], stderr: fds[1]) } catch {
            close(fds[0]); close(fds[1]); return (-1, error.description)
        }
        close(fds[1])
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buf, buf.count)
            if n > 0 { bytes += buf[0..<n] } else if n == -1 && errno == EINTR { continue } else { break }
        }
        close(fds[0])
        return (wait(pid), String(decoding: bytes, as: UTF8.self))
    }

    public static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buf, buf.count)
            if n > 0 { bytes += buf[0..<n] } else if n == -1 && errno == EINTR { continue } else { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func writeFile(_ path: String, _ text: String, append: Bool = false, sync: Bool = false) throws(LabError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o644)
        guard fd >= 0 else { throw LabError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw LabError("cannot write \(path): \(String(cString: strerror(errno)))") }
            off += n
        }
        if sync { fsync(fd) }
    }

    /// Field 22 of /proc/PID/stat (start time in clock ticks); nil if gone or a zombie.
    public static func startTime(_ pid: pid_t) -> UInt64? {
        guard let stat = readFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so field 22 is fields[19].
        guard fields.count > 19, fields[0] != "Z" else { return nil }
        return UInt64(fields[19])
    }

    /// Is PID still the process we started (same start time)?
    public static func isSame(_ pid: pid_t, startTime: UInt64) -> Bool { Sys.startTime(pid) == startTime }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The directory of this executable.
    public static func executableDirectory() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return "." }
        let path = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    public static func selfExecutable() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        return n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "keepvip"
    }
}
