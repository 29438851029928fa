import Foundation
import Glibc
import Testing
@testable import KeepvipLinux

@Suite(.serialized)
struct ChildProcessTests {
    @Test func trueAndFalseReportTheirExitCodes() throws {
        let success = try ChildProcess.spawn(["/bin/true"])
        #expect(try waitForExit(success) == .exited(0))
        let failure = try ChildProcess.spawn(["/bin/false"])
        #expect(try waitForExit(failure) == .exited(1))
        // A bare name is looked up in the fixed PATH.
        let bare = try ChildProcess.spawn(["true"])
        #expect(try waitForExit(bare) == .exited(0))
        #expect(ExitStatus.exited(1).description == "exited with status 1")
        #expect(ExitStatus.signalled(9).description == "killed by signal 9")
    }

    @Test func missingProgramIsATypedError() throws {
        #expect(throws: SpawnError.child(SystemCallError("execve", errno: ENOENT))) {
            try ChildProcess.spawn(["/nonexistent/keepvip-no-such-script"])
        }
        #expect(throws: SpawnError.child(SystemCallError("execve", errno: ENOENT))) {
            try ChildProcess.spawn(["keepvip-no-such-script-in-path"])
        }
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        directory.write("not-executable", "#!/bin/sh\nexit 0\n", mode: 0o644)
        #expect(throws: SpawnError.child(SystemCallError("execve", errno: EACCES))) {
            try ChildProcess.spawn([directory.file("not-executable")])
        }
        #expect(throws: SpawnError.emptyCommand) { try ChildProcess.spawn([]) }
    }

    /// The pidfd is not readable while the child runs and turns readable when it exits.
    @Test func pidfdBecomesReadableOnExit() throws {
        let child = try ChildProcess.spawn(["/bin/sh", "-c", "sleep 0.3; exit 7"])
        #expect(try child.reap() == nil)
        #expect(!waitReadable(child.descriptor, timeoutMilliseconds: 0))
        #expect(waitReadable(child.descriptor))
        #expect(try child.reap() == .exited(7))
        #expect(child.exitStatus == .exited(7))
        #expect(try child.reap() == .exited(7))
    }

    /// A script that starts a background child and waits: killing the group ends both.
    @Test func killGroupEndsTheScriptAndItsChildren() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let pidFile = directory.file("grandchild")
        let child = try ChildProcess.spawn(["/bin/sh", "-c", "sleep 1000 & echo $! > \(pidFile).tmp; mv \(pidFile).tmp \(pidFile); wait"])
        #expect(eventually { directory.read("grandchild") != nil })
        let grandchild = pid_t(directory.read("grandchild")!.trimmingCharacters(in: .whitespacesAndNewlines))!
        #expect(processIsAlive(grandchild))
        #expect(try child.reap() == nil)

        #expect(try child.killGroup(SIGKILL))
        #expect(try waitForExit(child) == .signalled(SIGKILL))
        #expect(eventually { !processIsAlive(grandchild) })
    }

    /// 50 MB on stdout and stderr: output goes to /dev/null, nothing blocks.
    @Test func chattyScriptFinishes() throws {
        let child = try ChildProcess.spawn(["/bin/sh", "-c", "head -c 52428800 /dev/zero; head -c 52428800 /dev/zero >&2"])
        #expect(try waitForExit(child) == .exited(0))
    }

    @Test func runsWithTheGivenCredentials() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        chmod(directory.path, 0o777)
        let output = directory.file("ids")
        let nobody = Credentials(uid: 65534, gid: 65534, supplementaryGroups: [65534])
        let child = try ChildProcess.spawn(
            ["/bin/sh", "-c", "echo $(id -u) $(id -g) $(id -G) > \(output)"], credentials: nobody)
        #expect(try waitForExit(child) == .exited(0))
        #expect(directory.read("ids") == "65534 65534 65534\n")
    }

    /// Only 0, 1, 2 (all /dev/null), no blocked or ignored signals, a group of its own, and
    /// only PATH in the environment — even when the parent has a leaked descriptor, a blocked
    /// signal and an ignored one.
    @Test func childStartsClean() throws {
        let leaked = open("/dev/null", O_RDONLY)  // deliberately without O_CLOEXEC
        defer { close(leaked) }
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR2)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        let previousHandler = signal(SIGHUP, SIG_IGN)
        defer { signal(SIGHUP, previousHandler) }

        let child = try ChildProcess.spawn(["/bin/sleep", "1000"])
        defer {
            _ = try? child.killGroup(SIGKILL)
            _ = try? waitForExit(child)
        }
        #expect(descriptors(of: child.pid) == ["0", "1", "2"])
        for fd in 0...2 {
            #expect(linkTarget("/proc/\(child.pid)/fd/\(fd)") == "/dev/null")
        }
        let status = procStatus(child.pid)
        #expect(status["SigBlk"] == "0000000000000000")
        #expect(status["SigIgn"] == "0000000000000000")
        #expect(getpgid(child.pid) == child.pid)
        #expect(procEnviron(child.pid) == ChildProcess.defaultEnvironment)
    }

    private func processIsAlive(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return false }
        // Reparented and dead but not yet reaped by init: a zombie is gone for our purpose.
        return procStatus(pid)["State"]?.hasPrefix("Z") != true
    }

    private func descriptors(of pid: pid_t) -> [String] {
        guard let directory = opendir("/proc/\(pid)/fd") else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func procStatus(_ pid: pid_t) -> [String: String] {
        guard let text = readProcFile("/proc/\(pid)/status") else { return [:] }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    private func procEnviron(_ pid: pid_t) -> [String] {
        (readProcFile("/proc/\(pid)/environ") ?? "").split(separator: "\0").map(String.init)
    }

    private func readProcFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
