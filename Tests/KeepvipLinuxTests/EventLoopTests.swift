import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

@Suite(.serialized)
struct EventLoopTests {
    @Test func monotonicClockAdvances() {
        let first = MonotonicClock.now()
        usleep(2_000)
        let second = MonotonicClock.now()
        #expect(second - first >= .milliseconds(2))
        #expect(second - first < .seconds(1))
    }

    /// Twenty wake-ups 10 ms apart against absolute deadlines: each fires, never before its deadline,
    /// and the run does not drift. How close to the deadline is a benchmark figure
    /// (Benchmarks/failover.sh), not a unit-test bound: a busy machine delays wake-ups.
    @Test func wakeUpFiresCloseToAbsoluteDeadlines() throws {
        let loop = try EventLoop()
        let start = MonotonicClock.now()
        var deadline = start + .milliseconds(10)
        var lateness: [Duration] = []
        loop.onWakeUp = {
            let now = MonotonicClock.now()
            lateness.append(now - deadline)
            if lateness.count == 20 {
                loop.stop()
            } else {
                deadline = deadline + .milliseconds(10)
                loop.setWakeUp(at: deadline)
            }
        }
        loop.setWakeUp(at: deadline)
        try loop.run()
        #expect(lateness.count == 20)
        #expect(lateness.allSatisfy { $0 >= .zero })
        // Absolute deadlines: a late wake-up does not push the later ones back, so the whole run ends
        // near 200 ms however the individual wake-ups were delayed (generous bound: no flakes).
        #expect(MonotonicClock.now() - start < .seconds(2))
    }

    @Test func pastDeadlineFiresAtOnceAndDisarmCancels() throws {
        let loop = try EventLoop()
        var fired = 0
        loop.onWakeUp = { fired += 1 }
        loop.setWakeUp(at: MonotonicClock.now() - .seconds(1))
        try loop.runOnce(timeoutMilliseconds: 100)
        #expect(fired == 1)
        #expect(loop.wakeUpDeadline == nil)

        // Expired but not yet dispatched, then disarmed: the stale expiry is not reported.
        loop.setWakeUp(at: MonotonicClock.now())
        usleep(2_000)
        loop.setWakeUp(at: nil)
        try loop.runOnce(timeoutMilliseconds: 20)
        #expect(fired == 1)

        // Re-armed later: the earlier deadline is replaced.
        loop.setWakeUp(at: MonotonicClock.now() + .milliseconds(1))
        loop.setWakeUp(at: MonotonicClock.now() + .seconds(10))
        try loop.runOnce(timeoutMilliseconds: 30)
        #expect(fired == 1)
    }

    @Test func readableCallbacksAndUnregister() throws {
        let loop = try EventLoop()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        defer { close(fds[0]); close(fds[1]) }
        var received: [UInt8] = []
        try loop.register(fds[0]) {
            var byte: UInt8 = 0
            while read(fds[0], &byte, 1) == 1 { received.append(byte) }
            if received.count == 2 { loop.stop() }
        }
        #expect(throws: SystemCallError.self) { try loop.register(fds[0]) {} }
        var byte: UInt8 = 7
        _ = write(fds[1], &byte, 1)
        loop.setWakeUp(at: MonotonicClock.now() + .milliseconds(5))
        loop.onWakeUp = {
            var byte: UInt8 = 8
            _ = write(fds[1], &byte, 1)
        }
        try loop.run()
        #expect(received == [7, 8])

        loop.unregister(fds[0])
        loop.unregister(fds[0])  // unknown: ignored
        _ = write(fds[1], &byte, 1)
        #expect(try loop.runOnce(timeoutMilliseconds: 10) == 0)
        #expect(received == [7, 8])
    }

    @Test func signalsArriveThroughSignalfd() throws {
        let loop = try EventLoop()
        var signals: [Int32] = []
        try loop.handleSignals([SIGUSR1, SIGUSR2]) { signal in
            signals.append(signal)
            if signals.count == 2 { loop.stop() }
        }
        defer {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGUSR1)
            sigaddset(&set, SIGUSR2)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        }
        // raise() targets this thread (tgkill), whose mask now blocks both: they wait in the signalfd.
        raise(SIGUSR1)
        raise(SIGUSR2)
        loop.setWakeUp(at: MonotonicClock.now() + .seconds(2))
        loop.onWakeUp = { loop.stop() }
        try loop.run()
        #expect(signals.sorted() == [SIGUSR1, SIGUSR2])
    }

    @Test func errorDescriptionNamesCallAndErrno() {
        let error = SystemCallError("sendto", errno: ENETUNREACH)
        #expect(error.description == "sendto: Network is unreachable (errno 101)")
    }
}
