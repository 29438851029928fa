import ArgumentParser
import Glibc
import KeepvipLab

/// `keepvip lab`: a VRRP segment of network namespaces on this machine, for trying keepvip out.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run keepvip on a test segment of network namespaces (needs root).",
        discussion: """
            Hosts h1..hN (192.0.2.11.., 2001:db8::11..) and a client (192.0.2.100) on one bridge, \
            each in a namespace kvlab-NAME-HOST. State, configs and logs: /run/keepvip-lab/NAME/.
            """,
        subcommands: [LabUp.self, LabDown.self, LabStatus.self, LabWatch.self, LabKill.self, LabStop.self,
                      LabStart.self, LabLink.self, LabPartition.self, LabHeal.self, LabLoss.self, LabLogger.self]
    )
}

struct LabName: ParsableArguments {
    @Option(name: .customLong("name"), help: "The lab's name (several labs can coexist).")
    var name = "default"
}

func labFail(_ error: LabError) -> ExitCode {
    labError("keepvip lab: " + error.description)
    return ExitCode(Sys.interrupted != 0 ? 130 : 1)
}

/// A line on standard error.
func labError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func openLab(_ n: LabName) throws -> (Lab, LabState) {
    do { return try Lab.open(name: n.name) } catch { throw labFail(error) }
}

func labHost(_ lab: Lab, _ text: String) throws -> String {
    guard let h = lab.plan.host(named: text) else {
        labError("keepvip lab: no host '\(text)' (hosts: \(lab.plan.hosts.joined(separator: " ")))")
        throw ExitCode(1)
    }
    return h
}

struct LabUp: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Build the lab and start keepvipd on every host.")
    @OptionGroup var lab: LabName
    @Option(name: .short, help: "Number of hosts (1-9).") var n = 3
    @Option(name: .short, help: "The configuration template (keepalived.conf syntax), adapted per host.")
    var file = "etc/keepvip/keepvip.conf"
    @Option(help: "The keepvipd binary (default: $KEEPVIPD, else next to keepvip).") var keepvipd: String?

    func run() throws {
        Sys.catchInterrupts()
        let daemon = keepvipd ?? getenv("KEEPVIPD").map { String(cString: $0) } ?? Sys.executableDirectory() + "/keepvipd"
        do {
            let plan = try LabPlan(name: lab.name, hostCount: n)
            let absolute = daemon.hasPrefix("/") ? daemon : cwd() + "/" + daemon
            let template = file.hasPrefix("/") ? file : cwd() + "/" + file
            try Lab(plan: plan).up(.init(template: template, keepvipd: absolute))
        } catch { throw labFail(error) }
        if Sys.interrupted != 0 { throw ExitCode(130) }
    }
}

func cwd() -> String {
    var buf = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buf, buf.count) != nil else { return "." }
    return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

struct LabDown: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Remove everything the lab made (also after a crash).")
    @OptionGroup var lab: LabName
    func run() throws {
        signal(SIGINT, SIG_IGN) // finish the cleanup
        do {
            let plan = try LabPlan(name: lab.name, hostCount: 1)
            Lab(plan: plan).down()
        } catch { throw labFail(error) }
    }
}

struct LabStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show each host's daemon, link and instance states, and who is Active.")
    @OptionGroup var lab: LabName
    func run() throws { let (l, s) = try openLab(lab); l.status(state: s) }
}

struct LabWatch: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "watch", abstract: "Print a merged timeline of transitions and the client's reachability of each VIP.")
    @OptionGroup var lab: LabName
    @Option(help: "Stop after this many seconds (default: until Ctrl-C).") var duration: Double?
    @Flag(help: "Every daemon log line, not only transitions.") var all = false
    @Flag(help: "Only what happens from now on (default: the whole history first).") var new = false
    func run() throws {
        Sys.catchInterrupts()
        let (l, s) = try openLab(lab)
        l.watch(state: s, duration: duration, all: all, history: !new)
    }
}

struct LabKill: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill", abstract: "SIGKILL keepvipd on a host (a crash).")
    @OptionGroup var lab: LabName
    @Argument(help: "The host (h2 or 2).") var host: String
    func run() throws { let (l, s) = try openLab(lab); do { try l.kill(try labHost(l, host), state: s, graceful: false) } catch let e as LabError { throw labFail(e) } }
}

struct LabStop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "SIGTERM keepvipd on a host (graceful: a priority-0 advert).")
    @OptionGroup var lab: LabName
    @Argument(help: "The host.") var host: String
    func run() throws { let (l, s) = try openLab(lab); do { try l.kill(try labHost(l, host), state: s, graceful: true) } catch let e as LabError { throw labFail(e) } }
}

struct LabStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start keepvipd again on a host.")
    @OptionGroup var lab: LabName
    @Argument(help: "The host.") var host: String
    func run() throws { let (l, s) = try openLab(lab); do { try l.start(try labHost(l, host), state: s) } catch let e as LabError { throw labFail(e) } }
}

struct LabLink: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link", abstract: "Take a host's ens5 down or up.")
    @OptionGroup var lab: LabName
    @Argument(help: "The host.") var host: String
    @Argument(help: "down or up.") var updown: String
    func run() throws {
        let (l, _) = try openLab(lab)
        guard updown == "up" || updown == "down" else { labError("keepvip lab link: say up or down"); throw ExitCode(1) }
        do { try l.link(try labHost(l, host), up: updown == "up") } catch let e as LabError { throw labFail(e) }
    }
}

struct LabPartition: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "partition", abstract: "Split the segment: the given hosts (and/or client) on one side, the rest on the other.")
    @OptionGroup var lab: LabName
    @Argument(help: "Hosts (h1 h2 ...; 'client' for the client).") var hosts: [String]
    func run() throws {
        let (l, _) = try openLab(lab)
        let nodes = try hosts.map { $0 == "client" ? "client" : try labHost(l, $0) }
        do { try l.partition(nodes) } catch { throw labFail(error) }
    }
}

struct LabHeal: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "heal", abstract: "Undo a partition.")
    @OptionGroup var lab: LabName
    func run() throws { let (l, _) = try openLab(lab); do { try l.partition([]) } catch { throw labFail(error) } }
}

struct LabLoss: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "loss", abstract: "Drop PERCENT of the frames on the segment (0 to stop).")
    @OptionGroup var lab: LabName
    @Argument(help: "0-100.") var percent: Int
    func run() throws { let (l, _) = try openLab(lab); do { try l.loss(percent) } catch { throw labFail(error) } }
}

struct LabLogger: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_log", abstract: "(internal) time-stamp stdin into a log file.", shouldDisplay: false)
    @Argument var file: String
    func run() throws { throw ExitCode(Lab.logger(file: file)) }
}
