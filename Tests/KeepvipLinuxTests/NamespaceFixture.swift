import Foundation
import CKeepvipShim
import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

/// Test networks in namespaces named `kvl-<pid>-<name>`, removed on every exit path.
struct CommandFailure: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var output: String
    var description: String { "\(command) exited \(status): \(output)" }
}

/// Runs a program to completion and returns its standard output; throws on a non-zero exit.
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: output, as: UTF8.self)
    if process.terminationStatus != 0 {
        throw CommandFailure(command: ([executable] + arguments).joined(separator: " "), status: process.terminationStatus,
                             output: text + String(decoding: errors, as: UTF8.self))
    }
    return text
}

@discardableResult
func ip(_ arguments: String...) throws -> String {
    try run("/usr/sbin/ip", arguments)
}

/// A network namespace owned by one test. `remove()` (also from deinit) deletes it.
final class TestNamespace {
    static let prefix = "kvl-\(getpid())-"
    let name: String
    private var removed = false

    init(_ suffix: String) throws {
        name = TestNamespace.prefix + suffix
        // A leftover from a crashed earlier run with the same pid is ours to clear.
        _ = try? run("/usr/sbin/ip", ["netns", "del", name])
        try run("/usr/sbin/ip", ["netns", "add", name])
        do {
            try run("/usr/sbin/ip", ["-n", name, "link", "set", "lo", "up"])
        } catch {
            remove()
            throw error
        }
    }

    @discardableResult
    func ip(_ arguments: String...) throws -> String {
        try run("/usr/sbin/ip", ["-n", name] + arguments)
    }

    func remove() {
        guard !removed else { return }
        removed = true
        _ = try? run("/usr/sbin/ip", ["netns", "del", name])
    }

    deinit { remove() }

    /// Runs `body` with the calling thread moved into this namespace, then moves it back, also
    /// when `body` throws. Sockets opened inside keep this namespace. Only for synchronous code:
    /// the thread must not change under `body`.
    func enter<T>(_ body: () throws -> T) throws -> T {
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(original) }
        let target = open("/run/netns/\(name)", O_RDONLY | O_CLOEXEC)
        guard target >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(target) }
        guard kv_setns_net(target) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer {
            let back = kv_setns_net(original)
            precondition(back == 0, "could not return to the original network namespace")
        }
        return try body()
    }
}

/// Two namespaces joined by a veth pair: `a`/`va` 192.0.2.1/24 and `b`/`vb` 192.0.2.2/24.
final class VethPair {
    let a: TestNamespace
    let b: TestNamespace

    init(_ tag: String) throws {
        a = try TestNamespace("\(tag)-a")
        do {
            b = try TestNamespace("\(tag)-b")
        } catch {
            a.remove()
            throw error
        }
        do {
            try run("/usr/sbin/ip", ["link", "add", "va", "netns", a.name, "type", "veth", "peer", "name", "vb", "netns", b.name])
            try a.ip("addr", "add", "192.0.2.1/24", "dev", "va")
            try b.ip("addr", "add", "192.0.2.2/24", "dev", "vb")
            try a.ip("link", "set", "va", "up")
            try b.ip("link", "set", "vb", "up")
            try waitOperational(a, "va")
            try waitOperational(b, "vb")
        } catch {
            remove()
            throw error
        }
    }

    func remove() {
        a.remove()
        b.remove()
    }

    deinit { remove() }
}

/// Waits up to 3 s for `name` to be operationally up. The kernel turns a veth's carrier on in its
/// link-watch work, which runs up to a second late when many links change at once (parallel
/// namespace tests); until then the device's queue drops what is sent, so a test sending right
/// after `link set up` would lose its first packet.
func waitOperational(_ ns: TestNamespace, _ name: String) throws {
    let deadline = MonotonicClock.now() + .seconds(3)
    while try !ns.ip("-o", "link", "show", "dev", name).contains("state UP") {
        guard MonotonicClock.now() < deadline else {
            throw CommandFailure(command: "wait for \(name) state UP", status: -1, output: try ns.ip("-o", "link", "show", "dev", name))
        }
        usleep(10_000)
    }
}

/// Waits until `fd` is readable or `milliseconds` pass.
func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, milliseconds) == 1
}

func leftoverNamespaces() throws -> [String] {
    try run("/usr/sbin/ip", ["netns", "list"]).split(separator: "\n")
        .map { String($0.split(separator: " ")[0]) }
        .filter { $0.hasPrefix(TestNamespace.prefix) }
}
