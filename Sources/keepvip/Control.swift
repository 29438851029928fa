import ArgumentParser
import Glibc
import KeepvipDaemon
import KeepvipLinux

/// `keepvip status`, `stats` and `reload`: one request to keepvipd's control socket, its answer
/// printed as it comes.
struct ControlOptions: ParsableArguments {
    @Option(name: .customLong("control-socket"), help: "keepvipd's control socket (its --control-socket).")
    var controlSocket = DaemonOptions.defaultControlSocket

    /// Sends `request`; prints the answer. Exit 0 when the daemon answered `ok`, 1 when it answered
    /// with an error (a refused reload, a bad request), 3 when no daemon answers at the socket.
    func ask(_ request: String) throws {
        let answer: [UInt8]
        do {
            // A reload reads and applies the whole file before it answers.
            let connection = try StreamConnection.connect(unixPath: controlSocket, timeout: .seconds(60))
            defer { connection.close() }
            answer = try connection.exchange(Array((request + "\n").utf8))
        } catch where [ENOENT, ECONNREFUSED].contains(error.errno) {
            printError("keepvip: keepvipd is not running (nothing answers at \(controlSocket))")
            throw ExitCode(3)
        } catch {
            printError("keepvip: \(controlSocket): \(error)")
            throw ExitCode(1)
        }
        guard let newline = answer.firstIndex(of: UInt8(ascii: "\n")) else {
            printError("keepvip: keepvipd closed the connection without an answer")
            throw ExitCode(1)
        }
        let status = String(decoding: answer[..<newline], as: UTF8.self)
        let body = answer[(newline + 1)...]
        _ = body.withUnsafeBytes { write(status == "ok" ? 1 : 2, $0.baseAddress, $0.count) }
        if status != "ok" { throw ExitCode(1) }
    }

    private func printError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each VRRP instance: state, since when, priority, who is Active, VIPs, last transition.",
        discussion: "Exit status 0 when keepvipd answered, 3 when it is not running."
    )
    @OptionGroup var control: ControlOptions
    @Flag(help: "Print JSON (schema in docs/status-json.md).") var json = false

    func run() throws { try control.ask(json ? "status json" : "status") }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the counters of each instance (adverts, transitions, drops by reason and more) and of the daemon.",
        discussion: "Exit status 0 when keepvipd answered, 3 when it is not running."
    )
    @OptionGroup var control: ControlOptions
    @Flag(help: "Print JSON (the same document as status --json).") var json = false

    func run() throws { try control.ask(json ? "stats json" : "stats") }
}

struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make keepvipd read its configuration again, without a failover; print the result.",
        discussion: "Exit status 0 when the reload was applied, 1 when it was refused (every error is printed with file:line:column), 3 when keepvipd is not running."
    )
    @OptionGroup var control: ControlOptions

    func run() throws { try control.ask("reload") }
}

struct Handover: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move instances' VIPs to a peer without an outage, and keep them there (maintenance mode).",
        discussion: """
            Each instance named (every instance when none is) advertises priority 1 from now on; an \
            Active one sends priority 0 and keeps its VIPs until the peer that takes over has \
            announced them, then releases them. Maintenance outlives reloads and restarts until \
            `keepvip handover --cancel`, which restores the configured priority (a preempting \
            instance then takes its VIPs back). Exit status 0 when done, 1 when an instance is \
            unknown or owns its addresses (priority 255), 3 when keepvipd is not running.
            """
    )
    @OptionGroup var control: ControlOptions
    @Flag(help: "Take the instances out of maintenance.") var cancel = false
    @Argument(help: "vrrp_instance names (default: every instance).") var instances: [String] = []

    func run() throws {
        try control.ask(([cancel ? "handover-cancel" : "handover"] + instances).joined(separator: " "))
    }
}
