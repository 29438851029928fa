import Foundation
import Glibc
import Testing
@testable import KeepvipLinux

/// Runs `body` on a new thread and waits for it: capabilities are per thread, so restricting
/// them there leaves the test runner's other threads (and this one) untouched.
final class ThreadResultBox<T>: @unchecked Sendable { var value: T?; init() {} }

func onSeparateThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
    let box = ThreadResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.start()
    done.wait()
    return box.value!
}

/// The hex masks the kernel reports for the calling thread, e.g. ["CapPrm": 0x3000].
func procCapabilityMasks() -> [String: UInt64] {
    let status = (try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)) ?? ""
    var masks: [String: UInt64] = [:]
    for line in status.split(separator: "\n") where line.hasPrefix("Cap") {
        let parts = line.split(separator: ":")
        masks[String(parts[0])] = UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16)
    }
    return masks
}

@Suite(.serialized)
struct CapabilitiesTests {
    @Test func namesComeFromLibcap() {
        #expect(Capability.netAdmin.description == "cap_net_admin")
        #expect(Capability.netRaw.description == "cap_net_raw")
    }

    /// In a thread of its own: keep NET_ADMIN and NET_RAW; libcap and /proc both show exactly those
    /// in permitted/effective and the bounding set, nothing inheritable or ambient; a later request
    /// for a dropped capability fails with `.notHeld`. The test thread keeps its capabilities.
    @Test func restrictKeepsExactlyTheRequestedSet() throws {
        let runner = try Capabilities.current()
        try #require(runner.effective.contains(.setpcap), "the test runs as root in CI")

        let (sets, masks, second, stillRaw) = onSeparateThread { () -> (CapabilitySets?, [String: UInt64], CapabilityError?, Bool) in
            do throws(CapabilityError) {
                try Capabilities.restrict(to: [.netAdmin, .netRaw])
            } catch {
                return (nil, [:], error, false)
            }
            let sets = try? Capabilities.current()
            let masks = procCapabilityMasks()
            var secondError: CapabilityError?
            do throws(CapabilityError) { try Capabilities.restrict(to: [.netRaw, .setpcap]) } catch { secondError = error }
            // Narrowing further still works without CAP_SETPCAP (bounding set left as is).
            let narrowed = (try? Capabilities.restrict(to: [.netRaw])) != nil
            let after = try? Capabilities.current()
            return (sets, masks, secondError, narrowed && after?.effective == [.netRaw] && after?.permitted == [.netRaw])
        }
        let restricted = try #require(sets)
        #expect(restricted.permitted == Set<Capability>([.netAdmin, .netRaw]))
        #expect(restricted.effective == Set<Capability>([.netAdmin, .netRaw]))
        #expect(restricted.inheritable.isEmpty)
        #expect(restricted.bounding == Set<Capability>([.netAdmin, .netRaw]))
        #expect(masks["CapPrm"] == 0x3000)
        #expect(masks["CapEff"] == 0x3000)
        #expect(masks["CapInh"] == 0)
        #expect(masks["CapBnd"] == 0x3000)
        #expect(masks["CapAmb"] == 0)
        #expect(second == .notHeld(.setpcap))
        #expect(stillRaw)

        // This thread was not touched.
        #expect(try Capabilities.current() == runner)
        #expect(procCapabilityMasks()["CapEff"] != 0x3000)
    }
}

/// The capabilities a daemon that runs scripts keeps, and what its scripts end up with.
@Suite(.serialized)
struct ScriptCapabilitiesTests {
    static let scriptKeep: [Capability] = [.netAdmin, .netRaw, .setuid, .setgid, .kill]

    @Test func namesOfTheScriptCapabilities() {
        #expect(Capability.setuid.description == "cap_setuid")
        #expect(Capability.setgid.description == "cap_setgid")
        #expect(Capability.kill.description == "cap_kill")
    }

    @Test func boundingSetCanBeLeftIntact() throws {
        let runner = try Capabilities.current()
        try #require(runner.effective.contains(.setpcap), "the test runs as root in CI")
        let sets = onSeparateThread { () -> CapabilitySets? in
            do throws(CapabilityError) {
                try Capabilities.restrict(to: ScriptCapabilitiesTests.scriptKeep, keepingBoundingSet: true)
                return try Capabilities.current()
            } catch {
                return nil
            }
        }
        let restricted = try #require(sets)
        #expect(restricted.effective == Set(Self.scriptKeep))
        #expect(restricted.permitted == Set(Self.scriptKeep))
        #expect(restricted.bounding == runner.bounding)
    }

    /// With the bounding set dropped, a restricted thread can still start a script as nobody
    /// (CAP_SETUID, CAP_SETGID) and kill its group (CAP_KILL); a root script gets only the kept set.
    @Test func restrictedDaemonStillRunsAndKillsScripts() throws {
        let runner = try Capabilities.current()
        try #require(runner.effective.contains(.setpcap), "the test runs as root in CI")
        let outcome = onSeparateThread { () -> String in
            do {
                try Capabilities.restrict(to: ScriptCapabilitiesTests.scriptKeep)
                let nobody = Credentials(uid: 65534, gid: 65534, supplementaryGroups: [65534])
                let asNobody = try ChildProcess.spawn(["/bin/sleep", "1000"], credentials: nobody)
                guard try asNobody.killGroup(SIGKILL) else { return "nobody's group was not there" }
                guard try waitForExit(asNobody) == .signalled(SIGKILL) else { return "nobody's sleep did not die" }

                let asRoot = try ChildProcess.spawn(["/bin/sleep", "1000"])
                defer {
                    _ = try? asRoot.killGroup(SIGKILL)
                    _ = try? waitForExit(asRoot)
                }
                let masks = procCapabilityMasks(of: asRoot.pid)
                let expected: UInt64 = 1 << 5 | 1 << 6 | 1 << 7 | 1 << 12 | 1 << 13
                return masks["CapEff"] == expected && masks["CapBnd"] == expected ? "ok" : "root script masks \(masks)"
            } catch {
                return "\(error)"
            }
        }
        #expect(outcome == "ok")
    }
}

/// The hex capability masks of another process, from /proc/PID/status.
func procCapabilityMasks(of pid: pid_t) -> [String: UInt64] {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    var masks: [String: UInt64] = [:]
    for line in status.split(separator: "\n") where line.hasPrefix("Cap") {
        let parts = line.split(separator: ":")
        masks[String(parts[0])] = UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16)
    }
    return masks
}
