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
