import Glibc
@testable import KeepvipDaemon
import KeepvipLinux
import Logging
import Testing
import VRRPCore

/// The request server on a real event loop and a real Unix socket: a client that does not read,
/// stalls, or crowds in never holds the loop.
@Suite(.serialized) struct RequestServerTests {
    /// Answers every line with `size` bytes of `x`, ended by a newline.
    final class BigAnswer: RequestServer.Handler {
        let size: Int
        init(size: Int) { self.size = size }
        func frame(_ bytes: [UInt8], limit: Int) -> RequestServer.Framing {
            bytes.contains(UInt8(ascii: "\n")) ? .complete("x") : .incomplete
        }
        func respond(to request: String, reply: @escaping ([UInt8]) -> Void) {
            reply([UInt8](repeating: UInt8(ascii: "x"), count: size - 1) + [UInt8(ascii: "\n")])
        }
        var busyResponse: [UInt8] { Array("busy\n".utf8) }
    }

    let path = "/tmp/keepvip-request-server-\(getpid()).sock"

    func client() throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(connected == 0)
        return fd
    }

    func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return result }
            result += buffer[..<count]
        }
    }

    /// Runs the loop for `duration`, returning how many turns it took (a blocked loop takes none).
    func spin(_ loop: EventLoop, server: RequestServer, for duration: Duration) throws -> Int {
        let end = MonotonicClock.now() + duration
        var turns = 0
        while MonotonicClock.now() < end {
            try loop.runOnce(timeoutMilliseconds: 5)
            server.timersDue(now: MonotonicClock.now())
            turns += 1
        }
        return turns
    }

    func server(_ loop: EventLoop, handler: some RequestServer.Handler, timeout: Duration = .seconds(5)) throws -> RequestServer {
        let listener = try StreamListener.unix(path: path, mode: 0o600, group: nil)
        return try RequestServer(name: "test", listener: listener, loop: loop,
                                 limits: RequestServer.Limits(maximumClients: 4, maximumRequestBytes: 64, timeout: timeout),
                                 handler: handler, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                 clock: MonotonicClock.now)
    }

    @Test func aClientThatDoesNotReadNeverBlocksTheLoop() throws {
        let loop = try EventLoop()
        let server = try server(loop, handler: BigAnswer(size: 4 << 20))
        defer { server.close() }
        let fd = try client()
        defer { close(fd) }
        _ = send(fd, "stats\n", 6, 0)
        // 4 MiB cannot fit in the socket buffers: the server writes what fits and waits.
        #expect(try spin(loop, server: server, for: .milliseconds(200)) > 10)
        // Now the client reads: the loop delivers the rest as the client drains it.
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let end = MonotonicClock.now() + .seconds(5)
        while MonotonicClock.now() < end {
            try loop.runOnce(timeoutMilliseconds: 1)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { break }
            if count > 0 { received += buffer[..<count] }
        }
        #expect(received.count == 4 << 20 && received.last == UInt8(ascii: "\n"))
    }

    @Test func stalledClientsAreClosedAtTheirDeadlineAndExtraOnesTurnedAway() throws {
        let loop = try EventLoop()
        let server = try server(loop, handler: BigAnswer(size: 10), timeout: .milliseconds(300))
        defer { server.close() }
        let stalled = try (0..<6).map { _ in try client() }
        defer { stalled.forEach { close($0) } }
        for fd in stalled { _ = send(fd, "sta", 3, 0) }
        _ = try spin(loop, server: server, for: .milliseconds(100))
        #expect(server.busyRefusals == 2)
        #expect(server.nextDeadline != nil)
        _ = try spin(loop, server: server, for: .milliseconds(400))
        #expect(server.timeouts == 4 && server.nextDeadline == nil)
        let answers = stalled.map { String(decoding: readAll($0), as: UTF8.self) }
        #expect(answers.filter { $0 == "busy\n" }.count == 2 && answers.filter(\.isEmpty).count == 4)
        // Then it serves again.
        let fd = try client()
        defer { close(fd) }
        _ = send(fd, "status\n", 7, 0)
        _ = try spin(loop, server: server, for: .milliseconds(50))
        #expect(readAll(fd) == Array("xxxxxxxxx\n".utf8))
    }

    @Test func aClientThatClosesItsSideStillGetsItsAnswer() throws {
        let loop = try EventLoop()
        let server = try server(loop, handler: BigAnswer(size: 100))
        defer { server.close() }
        let fd = try client()
        defer { close(fd) }
        _ = send(fd, "status\n", 7, 0)
        shutdown(fd, Int32(SHUT_WR))
        _ = try spin(loop, server: server, for: .milliseconds(50))
        #expect(readAll(fd).count == 100)
    }

    @Test func anotherDaemonsSocketIsNeverTakenOver() throws {
        let loop = try EventLoop()
        let server = try server(loop, handler: BigAnswer(size: 10))
        defer { server.close() }
        #expect(throws: SystemCallError("bind(\(path))", errno: EADDRINUSE)) {
            try StreamListener.unix(path: path, mode: 0o600, group: nil)
        }
    }
}
