import Glibc

extension Lab {
    /// `lab _log FILE`: copies stdin to FILE line by line, each line stamped with the time it arrived.
    public static func logger(file: String) -> Int32 {
        let fd = Glibc.open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return 1 }
        var pending: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        signal(SIGINT, SIG_IGN) // ends at EOF (the daemon gone), or by `down`'s SIGTERM
        while true {
            let n = read(0, &buf, buf.count)
            if n == -1 && errno == EINTR { continue }
            if n <= 0 { break }
            pending += buf[0..<n]
            while let nl = pending.firstIndex(of: 0x0a) {
                let text = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeSubrange(...nl)
                let line = Array((TimelineEntry.logLine(time: Sys.now(), text: text) + "\n").utf8)
                _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            }
        }
        if !pending.isEmpty {
            let line = Array((TimelineEntry.logLine(time: Sys.now(), text: String(decoding: pending, as: UTF8.self)) + "\n").utf8)
            _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
        close(fd)
        return 0
    }

    /// Which host answers for an address in the client's neighbour table.
    func holder(of vip: String, macs: [String: String]) -> String {
        let a = vip.split(separator: "/").first.map(String.init) ?? vip
        let out = Sys.run(["ip", "-n", plan.clientNamespace, "neigh", "show", a]).output
        let w = out.split(separator: " ")
        if let i = w.firstIndex(of: "lladdr"), i + 1 < w.count, let h = macs[String(w[i + 1])] { return h }
        return "?"
    }

    /// Prints the merged timeline of every host's transitions and the client's reachability of each VIP,
    /// until interrupted or `duration` seconds have passed.
    public func watch(state: LabState, duration: Double?, all: Bool, history: Bool) {
        let vips = template(state: state).map { t in t.instanceNames.flatMap { t.vips[$0] ?? [] } } ?? []
        var macs: [String: String] = [:]
        for h in plan.hosts {
            let w = Sys.run(["ip", "-n", plan.namespace(host: h), "-br", "link", "show", LabPlan.interface]).output.split(separator: " ", omittingEmptySubsequences: true)
            if w.count >= 3 { macs[String(w[2])] = h }
        }
        let start = Sys.now()
        var offsets: [String: Int] = [:]
        if !history {
            for h in plan.hosts { offsets[h] = (Sys.readFile(plan.logFile(host: h)) ?? "").utf8.count }
        }
        var reach: [String: String] = [:]
        func show(_ entries: [TimelineEntry]) {
            for e in entries where all || e.isTransition {
                let pad = String(repeating: " ", count: max(0, 7 - e.source.count))
                // Unbuffered: the timeline is read live, often through a pipe.
                let bytes = Array("\(e.clock)  \(e.source)\(pad)\(e.text)\n".utf8)
                if bytes.withUnsafeBytes({ write(1, $0.baseAddress, $0.count) }) < 0 && errno == EPIPE { Sys.interrupted = 1 }
            }
        }
        while Sys.interrupted == 0 {
            var batches: [[TimelineEntry]] = []
            for h in plan.hosts {
                let text = Sys.readFile(plan.logFile(host: h)) ?? ""
                let bytes = Array(text.utf8)
                let from = min(offsets[h] ?? 0, bytes.count)
                // Only whole lines.
                guard let lastNL = bytes.lastIndex(of: 0x0a), lastNL >= from else { batches.append([]); continue }
                let chunk = String(decoding: bytes[from...lastNL], as: UTF8.self)
                offsets[h] = lastNL + 1
                batches.append(chunk.split(separator: "\n").compactMap { TimelineEntry(logLine: $0, source: h) })
            }
            var client: [TimelineEntry] = []
            for vip in vips {
                let a = vip.split(separator: "/").first.map(String.init) ?? vip
                let t = Sys.now()
                let ok = Sys.run(["ip", "netns", "exec", plan.clientNamespace, "ping", a.contains(":") ? "-6" : "-4",
                                  "-n", "-q", "-c", "1", "-W", "0.25", a]).status == 0
                let now = ok ? "reachable via \(holder(of: a, macs: macs))" : "unreachable"
                if reach[a] != now {
                    reach[a] = now
                    client.append(TimelineEntry(time: t, source: "client", text: "\(a) \(now)"))
                }
            }
            show(Timeline.merge(batches + [client]))
            if let d = duration, Sys.now() - start >= Int64(d * 1e6) { break }
            Sys.sleep(seconds: 0.15)
        }
    }
}
