import CKeepvipShim
import Glibc

/// A script or program started for the daemon: its own process group, stdin/stdout/stderr on
/// /dev/null, default signal handling, no inherited descriptors, and a pidfd the event loop can
/// watch for its exit.
///
/// Output goes to /dev/null rather than a pipe: keepalived discards script output too, and a
/// script that writes megabytes then never blocks, nor costs the daemon a read per 64 KiB.
///
/// Use from the loop: `register(child.descriptor)`; when it turns readable call `reap()` (once
/// it returns a status the pidfd stays readable, so unregister it), and on a timeout
/// `killGroup(SIGKILL)` then wait for the pidfd again. Keep the value until `reap()` has returned
/// a status, or the child stays a zombie.
public final class ChildProcess {
    /// systemd's default PATH: where a command without a '/' is looked up (keepalived searches
    /// its PATH the way execvp does), and the PATH the child sees.
    public static let searchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    /// The whole environment of a child unless the caller passes another: just PATH.
    public static let defaultEnvironment = ["PATH=\(searchPath)"]

    public let pid: pid_t
    /// The child's process group: the child leads a group of its own (setpgid(0, 0)).
    public var processGroup: pid_t { pid }
    /// A pidfd (close-on-exec), readable once the child has exited. Valid until the value is freed.
    public let descriptor: Int32
    /// Set once `reap()` has collected the exit.
    public private(set) var exitStatus: ExitStatus?

    private init(pid: pid_t, descriptor: Int32) {
        self.pid = pid
        self.descriptor = descriptor
    }

    deinit {
        closeDescriptor(descriptor)
    }

    /// Starts `arguments[0]` with `arguments` as its argv (no shell). A name without '/' is looked
    /// up in `searchPath`. Returns once the program is running (execve succeeded); a child that
    /// could not get that far is reaped and reported as `SpawnError.child` with the failing call.
    public static func spawn(
        _ arguments: [String],
        credentials: Credentials? = nil,
        environment: [String] = ChildProcess.defaultEnvironment
    ) throws(SpawnError) -> ChildProcess {
        guard let program = arguments.first, !program.isEmpty else { throw .emptyCommand }
        for text in arguments + environment where text.utf8.contains(0) { throw .embeddedNul(text) }
        let candidates = program.contains("/")
            ? [program]
            : searchPath.split(separator: ":").map { "\($0)/\(program)" }

        var pid: Int32 = -1
        var pidfd: Int32 = -1
        var stage: Int32 = 0
        var error: Int32 = 0
        let groups = credentials?.supplementaryGroups ?? []
        let result = withCStringArray(candidates) { candidatePointers in
            withCStringArray(arguments) { argv in
                withCStringArray(environment) { envp in
                    groups.withUnsafeBufferPointer { groupBuffer in
                        candidatePointers.withMemoryRebound(to: UnsafePointer<CChar>?.self) { candidateBuffer in
                            var request = kv_spawn_request(
                                candidates: candidateBuffer.baseAddress,
                                candidate_count: Int32(candidates.count),
                                argv: argv.baseAddress,
                                envp: envp.baseAddress,
                                set_credentials: credentials == nil ? 0 : 1,
                                uid: credentials?.uid ?? 0,
                                gid: credentials?.gid ?? 0,
                                groups: groupBuffer.baseAddress,
                                group_count: Int32(groupBuffer.count)
                            )
                            return kv_spawn(&request, &pid, &pidfd, &stage, &error)
                        }
                    }
                }
            }
        }
        if result != 0 { throw SpawnError.failed(stage: stage, errno: error) }
        return ChildProcess(pid: pid, descriptor: pidfd)
    }

    /// Collects the exit without blocking (waitid P_PIDFD, WNOHANG): nil while the child runs.
    /// After the first status it returns that status again without another system call.
    @discardableResult
    public func reap() throws(SystemCallError) -> ExitStatus? {
        if let exitStatus { return exitStatus }
        var exited: Int32 = 0
        var status: Int32 = 0
        let result = kv_pidfd_reap(descriptor, &exited, &status)
        if result < 0 { throw .last("waitid(P_PIDFD)") }
        guard result == 1 else { return nil }
        let ended: ExitStatus = exited != 0 ? .exited(status) : .signalled(status)
        exitStatus = ended
        return ended
    }

    /// Sends `signal` to every process in the child's group (kill(-pgid)), so a shell script's
    /// own children go too. Returns false when no process of the group is left (ESRCH).
    ///
    /// The group id stays reserved while any member lives; once the child is reaped and the
    /// group is empty the number may be reused, so kill before reaping (keepalived does the same).
    @discardableResult
    public func killGroup(_ signal: Int32) throws(SystemCallError) -> Bool {
        if Glibc.kill(-processGroup, signal) == 0 { return true }
        if Glibc.errno == ESRCH { return false }
        throw .last("kill(-\(processGroup), \(signal))")
    }
}

/// Calls `body` with a NULL-terminated array of C strings copied from `strings`.
private func withCStringArray<R>(
    _ strings: [String],
    _ body: (UnsafeMutableBufferPointer<UnsafeMutablePointer<CChar>?>) -> R
) -> R {
    let buffer = UnsafeMutableBufferPointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
    for (index, string) in strings.enumerated() { buffer[index] = strdup(string) }
    buffer[strings.count] = nil
    defer {
        for index in 0..<strings.count { free(buffer[index]) }
        buffer.deallocate()
    }
    return body(buffer)
}
