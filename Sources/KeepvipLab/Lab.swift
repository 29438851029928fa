import Glibc
import KeepvipConfig

/// The lab's operations. Every command goes through `ip`, `tc`, `nft` and the state file.
public struct Lab {
    public var plan: LabPlan
    public var print: (String) -> Void

    public init(plan: LabPlan, print: @escaping (String) -> Void = { Swift.print($0) }) {
        self.plan = plan
        self.print = print
    }

    /// Opens an existing lab (from its state file).
    public static func open(name: String, print: @escaping (String) -> Void = { Swift.print($0) }) throws(LabError) -> (Lab, LabState) {
        guard LabPlan.isValidName(name) else { throw LabError("bad lab name '\(name)'") }
        guard let text = Sys.readFile("\(LabPlan.stateRoot)/\(name)/state") else {
            throw LabError("no lab '\(name)' (no \(LabPlan.stateRoot)/\(name)/state); start one with `keepvip lab up`")
        }
        let state = LabState(parsing: text)
        let plan = try LabPlan(name: name, hostCount: state.hostCount ?? 1)
        return (Lab(plan: plan, print: print), state)
    }

    // MARK: - rights

    /// What is missing to run the lab, in words (empty when nothing is).
    public static func missingRights(keepvipd: String) -> [String] {
        var missing: [String] = []
        let caps = Sys.readFile("/proc/self/status")?.split(separator: "\n")
            .first { $0.hasPrefix("CapEff:") }
            .flatMap { UInt64($0.dropFirst(7).trimmingPrefix(while: { $0 == " " || $0 == "\t" }), radix: 16) } ?? 0
        for (bit, name, why) in [(21, "CAP_SYS_ADMIN", "create network namespaces"),
                                 (12, "CAP_NET_ADMIN", "make bridges, veths and addresses"),
                                 (13, "CAP_NET_RAW", "let keepvipd and ping open raw sockets")]
        where caps & (1 << UInt64(bit)) == 0 {
            missing.append("\(name) (to \(why)); run as root, e.g. with sudo")
        }
        if geteuid() != 0 && access("/run", W_OK) != 0 { missing.append("write access to /run (for \(LabPlan.stateRoot))") }
        if Sys.run(["ip", "-V"]).status != 0 { missing.append("the `ip` command (iproute2)") }
        if access(keepvipd, X_OK) != 0 { missing.append("keepvipd at \(keepvipd) (build it, or pass --keepvipd / set KEEPVIPD)") }
        return missing
    }

    // MARK: - state

    func record(_ words: String...) throws(LabError) {
        try Sys.writeFile(plan.stateFile, LabState.record(words), append: true, sync: true)
    }

    func ip(_ args: String...) throws(LabError) { try must(["ip"] + args) }
    func must(_ argv: [String]) throws(LabError) {
        let r = Sys.run(argv)
        guard r.status == 0 else {
            throw LabError("`\(argv.joined(separator: " "))` failed: \(r.output.trimmingSuffixNewlines)")
        }
    }
    func checkInterrupt() throws(LabError) { if Sys.interrupted != 0 { throw LabError("interrupted") } }

    // MARK: - up

    public struct UpOptions {
        public var template: String
        public var keepvipd: String
        public init(template: String, keepvipd: String) { self.template = template; self.keepvipd = keepvipd }
    }

    /// Builds the lab and starts keepvipd on every host. On any failure or interrupt, removes what it made.
    public func up(_ options: UpOptions) throws(LabError) {
        guard let text = Sys.readFile(options.template) else { throw LabError("cannot read the template \(options.template)") }
        let template = LabTemplate(text: text, file: options.template)
        let problems = template.problems(plan: plan)
        guard problems.isEmpty else { throw LabError(problems.map(\.description).joined(separator: "\n")) }
        guard !template.instanceNames.isEmpty else { throw LabError("\(options.template): no vrrp_instance") }
        var configs: [String] = []
        for i in 1...plan.hostCount {
            let conf = template.adapted(for: i, plan: plan)
            let result = ConfigurationLoader(configID: "h\(i)").parse(text: conf, file: "\(options.template) (adapted for h\(i))")
            if result.hasErrors {
                throw LabError(result.errors.map { "\($0)" }.joined(separator: "\n"))
            }
            configs.append(conf)
        }
        let missing = Self.missingRights(keepvipd: options.keepvipd)
        guard missing.isEmpty else {
            throw LabError("keepvip lab needs:\n  " + missing.joined(separator: "\n  "))
        }
        if Sys.exists(plan.directory) {
            throw LabError("lab '\(plan.name)' already exists (\(plan.directory)); `keepvip lab down\(plan.name == "default" ? "" : " --name \(plan.name)")` first")
        }
        mkdir(LabPlan.stateRoot, 0o755)
        guard mkdir(plan.directory, 0o755) == 0 else {
            throw LabError("cannot create \(plan.directory): \(String(cString: strerror(errno)))")
        }
        do {
            try build(configs: configs, options: options)
        } catch {
            print("lab: \(error.description == "interrupted" ? "interrupted" : "failed"); removing what was made")
            down(quiet: true)
            throw error
        }
    }

    private func build(configs: [String], options: UpOptions) throws(LabError) {
        try record("lab", plan.name, String(plan.hostCount), options.keepvipd, options.template)
        let br = plan.bridgeNamespace
        try record("netns", br)
        try ip("netns", "add", br)
        try ip("-n", br, "link", "set", "lo", "up")
        try ip("-n", br, "link", "add", "br0", "type", "bridge", "stp_state", "0", "mcast_snooping", "0", "forward_delay", "0")
        try ip("-n", br, "link", "add", "br1", "type", "bridge", "stp_state", "0", "mcast_snooping", "0", "forward_delay", "0")
        try ip("-n", br, "link", "set", "br0", "up")
        try ip("-n", br, "link", "set", "br1", "up")
        let nodes = plan.hosts.enumerated().map { ($0.element, LabPlan.ipv4(host: $0.offset + 1), LabPlan.ipv6(host: $0.offset + 1)) }
            + [("client", LabPlan.clientIPv4, LabPlan.clientIPv6)]
        for (host, v4, v6) in nodes {
            try checkInterrupt()
            let ns = host == "client" ? plan.clientNamespace : plan.namespace(host: host)
            try record("netns", ns)
            try ip("netns", "add", ns)
            try must(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                      "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.keep_addr_on_down=1",
                      "net.ipv6.conf.default.keep_addr_on_down=1"])
            try ip("-n", ns, "link", "set", "lo", "up")
            let port = LabPlan.bridgePort(host)
            try ip("-n", br, "link", "add", port, "type", "veth", "peer", "name", LabPlan.interface, "netns", ns)
            try ip("-n", br, "link", "set", port, "master", "br0")
            try ip("-n", br, "link", "set", port, "up")
            try ip("-n", ns, "addr", "add", "\(v4)/24", "dev", LabPlan.interface)
            try ip("-n", ns, "addr", "add", "\(v6)/64", "dev", LabPlan.interface, "nodad")
            try ip("-n", ns, "link", "set", LabPlan.interface, "up")
        }
        for (i, host) in plan.hosts.enumerated() {
            try checkInterrupt()
            try Sys.writeFile(plan.configFile(host: host), configs[i])
            try startDaemon(host, keepvipd: options.keepvipd)
        }
        try checkInterrupt()
        print("lab '\(plan.name)': \(plan.hostCount) host(s) h1-h\(plan.hostCount) on 192.0.2.11-\(10 + plan.hostCount) and 2001:db8::11-\(10 + plan.hostCount), client 192.0.2.100 / 2001:db8::100, bridge \(plan.bridgeNamespace)")
        print("namespaces: \(plan.namespaces.joined(separator: " ")) (ip netns exec NS ...)")
        print("configs and logs: \(plan.directory)/hN.conf, hN.log (one line per event, epoch-stamped)")
        print("follow the election with `keepvip lab watch`, see it with `keepvip lab status`")
    }

    // MARK: - daemons

    /// Starts keepvipd in the host's namespace, stderr through the lab's logger into the host's log.
    public func startDaemon(_ host: String, keepvipd: String) throws(LabError) {
        var fds: [Int32] = [0, 0]
        guard Sys.pipe(&fds) else { throw LabError("pipe: \(String(cString: strerror(errno)))") }
        defer { close(fds[0]); close(fds[1]) }
        let logger = try Sys.spawn([Sys.selfExecutable(), "lab", "_log", plan.logFile(host: host)], stdin: fds[0], newSession: true)
        try record("pid", String(logger), String(Sys.startTime(logger) ?? 0), "logger", host)
        let daemon = try Sys.spawn(["ip", "netns", "exec", plan.namespace(host: host), keepvipd, "-f", plan.configFile(host: host),
                                    "--pid-file", plan.pidFile(host: host), "--control-socket", plan.controlSocket(host: host),
                                    "--state-file", plan.stateFile(host: host)],
                                   stdout: fds[1], stderr: fds[1], newSession: true)
        try record("pid", String(daemon), String(Sys.startTime(daemon) ?? 0), "daemon", host)
    }

    /// Signals a recorded process if it is still the one we started; waits up to `timeout` for it to end.
    func end(_ p: LabState.Process, signal: Int32, timeout: Double) -> Bool {
        guard Sys.isSame(p.pid, startTime: p.startTime) else { return true }
        Glibc.kill(p.pid, signal)
        let deadline = Sys.now() + Int64(timeout * 1e6)
        while Sys.now() < deadline {
            var st: Int32 = 0
            if waitpid(p.pid, &st, WNOHANG) == p.pid { return true }
            if !Sys.isSame(p.pid, startTime: p.startTime) { return true }
            usleep(20_000)
        }
        return false
    }

    public func kill(_ host: String, state: LabState, graceful: Bool) throws(LabError) {
        guard let d = state.daemon(of: host), Sys.isSame(d.pid, startTime: d.startTime) else {
            throw LabError("keepvipd is not running on \(host)")
        }
        if graceful {
            if !end(d, signal: SIGTERM, timeout: 5) { _ = end(d, signal: SIGKILL, timeout: 2) }
        } else {
            _ = end(d, signal: SIGKILL, timeout: 2)
        }
        try record("gone", String(d.pid))
        print("\(host): keepvipd \(d.pid) \(graceful ? "stopped (SIGTERM)" : "killed (SIGKILL)")")
    }

    public func start(_ host: String, state: LabState) throws(LabError) {
        if let d = state.daemon(of: host), Sys.isSame(d.pid, startTime: d.startTime) {
            throw LabError("keepvipd is already running on \(host) (PID \(d.pid))")
        }
        try startDaemon(host, keepvipd: state.keepvipd ?? "keepvipd")
        print("\(host): keepvipd started")
    }

    // MARK: - down

    /// Removes everything the lab made: processes (recorded ones and any left in its namespaces),
    /// namespaces (with their veths, bridges, qdiscs and nft tables), the state directory.
    /// Works from a partial state file, or none (namespaces are found by their prefix).
    public func down(quiet: Bool = false) {
        let state = LabState(parsing: Sys.readFile(plan.stateFile) ?? "")
        var namespaces = state.namespaces
        for line in Sys.run(["ip", "netns", "list"]).output.split(separator: "\n") {
            let n = String(line.split(separator: " ").first ?? "")
            if n.hasPrefix(plan.prefix), !namespaces.contains(n) { namespaces.append(n) }
        }
        // Daemons first (gracefully, briefly), then loggers, then anything left in our namespaces.
        let daemons = state.processes.filter { $0.role == "daemon" }
        for p in daemons where Sys.isSame(p.pid, startTime: p.startTime) { Glibc.kill(p.pid, SIGTERM) }
        for p in daemons where !end(p, signal: SIGTERM, timeout: 2) { _ = end(p, signal: SIGKILL, timeout: 2) }
        for ns in namespaces {
            for pidText in Sys.run(["ip", "netns", "pids", ns]).output.split(separator: "\n") {
                guard let pid = Int32(pidText), let st = Sys.startTime(pid) else { continue }
                _ = end(LabState.Process(pid: pid, startTime: st, role: "stray", host: ns), signal: SIGKILL, timeout: 2)
            }
        }
        for p in state.processes where p.role != "daemon" {
            if !end(p, signal: SIGTERM, timeout: 1) { _ = end(p, signal: SIGKILL, timeout: 1) }
        }
        // Ended daemons are reaped by init (or by us when `up` itself is cleaning up): wait for that,
        // so that nothing, not even a zombie, is left when `down` returns.
        let deadline = Sys.now() + 2_000_000
        for p in state.processes {
            var st: Int32 = 0
            while Sys.exists("/proc/\(p.pid)") && Sys.now() < deadline {
                if waitpid(p.pid, &st, WNOHANG) == p.pid { break }
                usleep(20_000)
            }
        }
        var failed: [String] = []
        for ns in namespaces.reversed() where ns != plan.bridgeNamespace {
            if Sys.run(["ip", "netns", "del", ns]).status != 0, Self.namespaceExists(ns) { failed.append(ns) }
        }
        if namespaces.contains(plan.bridgeNamespace) {
            if Sys.run(["ip", "netns", "del", plan.bridgeNamespace]).status != 0, Self.namespaceExists(plan.bridgeNamespace) {
                failed.append(plan.bridgeNamespace)
            }
        }
        if failed.isEmpty {
            for f in ["state"] + (1...LabPlan.maxHosts).flatMap({ ["h\($0).conf", "h\($0).log", "h\($0).pid"] }) {
                unlink("\(plan.directory)/\(f)")
            }
            rmdir(plan.directory)
        }
        if !quiet {
            if failed.isEmpty {
                print("lab '\(plan.name)' removed (\(namespaces.count) namespace(s), \(state.processes.count) process(es))")
            } else {
                print("lab '\(plan.name)': could not remove \(failed.joined(separator: " ")); state kept in \(plan.directory)")
            }
        }
    }

    static func namespaceExists(_ ns: String) -> Bool { Sys.exists("/run/netns/\(ns)") }

    // MARK: - status

    public func hostEntries(_ host: String) -> [TimelineEntry] {
        (Sys.readFile(plan.logFile(host: host)) ?? "").split(separator: "\n").compactMap { TimelineEntry(logLine: $0, source: host) }
    }

    func hasAddress(_ ns: String, _ address: String) -> Bool {
        let a = address.split(separator: "/").first.map(String.init) ?? address
        return Sys.run(["ip", "-n", ns, "-o", "addr", "show", "dev", LabPlan.interface]).output.contains(" \(a)/")
    }

    public func template(state: LabState) -> LabTemplate? {
        guard let t = state.template, let text = Sys.readFile(t) else { return nil }
        return LabTemplate(text: text, file: t)
    }

    public func status(state: LabState) {
        let template = template(state: state)
        let names = template?.instanceNames ?? []
        print("lab '\(plan.name)': \(plan.hostCount) host(s), logs in \(plan.directory)/"
              + (state.partition.isEmpty ? "" : ", partitioned: {\(state.partition.joined(separator: " "))} | rest")
              + (state.lossPercent > 0 ? ", loss \(state.lossPercent)% (\(state.lossMethod))" : ""))
        var active: [String: [String]] = [:]
        for (i, host) in plan.hosts.enumerated() {
            let d = state.daemon(of: host)
            let running = d.map { Sys.isSame($0.pid, startTime: $0.startTime) } ?? false
            let link = Sys.run(["ip", "-n", plan.namespace(host: host), "-br", "link", "show", LabPlan.interface]).output
            let linkUp = link.contains(" UP ") || link.contains("LOWER_UP")
            var cols = ["\(host)  \(LabPlan.ipv4(host: i + 1))", running ? "keepvipd \(d!.pid)" : "keepvipd down", linkUp ? "link up" : "link down"]
            let states = Timeline.lastStates(hostEntries(host))
            for n in names {
                let hn = template!.instanceName(n, host: i + 1)
                let s = running ? states[hn] ?? "starting" : "-"
                let vip = (template!.vips[n] ?? []).contains { hasAddress(plan.namespace(host: host), $0) }
                let word = s == "MASTER" ? "Active" : s == "BACKUP" ? "Backup" : s
                if s == "MASTER" { active[n, default: []].append(host) }
                cols.append("\(hn) \(word)\(vip ? " (has VIP)" : "")")
            }
            print("  " + cols.joined(separator: "   "))
        }
        for n in names {
            let who = active[n] ?? []
            let vips = (template?.vips[n] ?? []).joined(separator: " ")
            print("instance \(n) [\(vips)]: Active \(who.isEmpty ? "none" : who.joined(separator: " "))")
        }
    }

    // MARK: - chaos

    public func link(_ host: String, up: Bool) throws(LabError) {
        try ip("-n", plan.namespace(host: host), "link", "set", LabPlan.interface, up ? "up" : "down")
        print("\(host): \(LabPlan.interface) \(up ? "up" : "down")")
    }

    /// Moves the given nodes' bridge ports to a second bridge: two segments that cannot hear each other.
    public func partition(_ nodes: [String]) throws(LabError) {
        try record("partition", nodes.joined(separator: " "))
        for node in plan.hosts + ["client"] {
            try ip("-n", plan.bridgeNamespace, "link", "set", LabPlan.bridgePort(node), "master", nodes.contains(node) ? "br1" : "br0")
        }
        let rest = (plan.hosts + ["client"]).filter { !nodes.contains($0) }
        print(nodes.isEmpty ? "healed: one segment" : "partitioned: {\(nodes.joined(separator: " "))} | {\(rest.joined(separator: " "))}")
    }

    /// Drops PERCENT of the frames the bridge delivers (netem on every bridge port, or an nft
    /// bridge rule where the kernel has no netem). 0 removes it.
    public func loss(_ percent: Int) throws(LabError) {
        guard (0...100).contains(percent) else { throw LabError("loss is a percentage, 0-100") }
        let br = plan.bridgeNamespace
        let ports = plan.hosts + ["client"]
        for p in ports { Sys.run(["tc", "-n", br, "qdisc", "del", "dev", LabPlan.bridgePort(p), "root"]) }
        _ = Sys.run(["ip", "netns", "exec", br, "nft", "delete", "table", "bridge", "kvlab"])
        guard percent > 0 else { try record("loss", "0", "none"); print("loss: none"); return }
        var method = "netem"
        for p in ports {
            let r = Sys.run(["tc", "-n", br, "qdisc", "replace", "dev", LabPlan.bridgePort(p), "root", "netem", "loss", "\(percent)%"])
            if r.status != 0 { method = "nft"; break }
        }
        if method == "nft" {
            for p in ports { Sys.run(["tc", "-n", br, "qdisc", "del", "dev", LabPlan.bridgePort(p), "root"]) }
            try record("loss", String(percent), "nft")
            try must(["ip", "netns", "exec", br, "nft", "add", "table", "bridge", "kvlab"])
            try must(["ip", "netns", "exec", br, "nft", "add", "chain", "bridge", "kvlab", "loss", "{ type filter hook forward priority 0; }"])
            try must(["ip", "netns", "exec", br, "nft", "add", "rule", "bridge", "kvlab", "loss", "numgen", "random", "mod", "100", "<", String(percent), "drop"])
            print("loss: \(percent)% of frames dropped by the bridge (nftables; this kernel has no netem)")
        } else {
            try record("loss", String(percent), "netem")
            print("loss: \(percent)% on every bridge port (netem)")
        }
    }
}

extension String {
    var trimmingSuffixNewlines: String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
