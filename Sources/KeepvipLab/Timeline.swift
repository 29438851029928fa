import Glibc

/// One line of the lab's timeline: microseconds since the epoch, where it came from, what.
public struct TimelineEntry: Sendable, Equatable {
    public var time: Int64
    public var source: String
    public var text: String
    public init(time: Int64, source: String, text: String) { self.time = time; self.source = source; self.text = text }

    /// A host log line as the lab's logger writes it: "SECONDS.MICROSECONDS TEXT".
    public static func logLine(time: Int64, text: String) -> String {
        let us = String(time % 1_000_000)
        return "\(time / 1_000_000).\(String(repeating: "0", count: 6 - us.count))\(us) \(text)"
    }

    public init?(logLine: Substring, source: String) {
        guard let sp = logLine.firstIndex(of: " ") else { return nil }
        let stamp = logLine[..<sp].split(separator: ".")
        guard stamp.count == 2, stamp[1].count == 6, let s = Int64(stamp[0]), let u = Int64(stamp[1]) else { return nil }
        var text = logLine[logLine.index(after: sp)...]
        // The daemon's syslog priority prefix, "<6>".
        if text.first == "<", let close = text.firstIndex(of: ">"), text.distance(from: text.startIndex, to: close) <= 3 {
            text = text[text.index(after: close)...]
        }
        self.init(time: s * 1_000_000 + u, source: source, text: String(text))
    }

    /// A state transition (or another line worth showing by default)?
    public var isTransition: Bool {
        text.contains("Entering ") || text.contains("priority 0") || text.contains("higher priority")
            || text.contains("reachable") || text.hasPrefix("lab:") || text.contains("error") || text.contains("exited")
    }

    /// "HH:MM:SS.mmm" in local time.
    public var clock: String {
        var t = time_t(time / 1_000_000)
        var parts = tm()
        localtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let ms = Int(time % 1_000_000) / 1000
        let m = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(m)"
    }
}

public enum Timeline {
    /// Merges per-source entries into one time-ordered list; equal times keep the order of `sources`, then of lines.
    public static func merge(_ sources: [[TimelineEntry]]) -> [TimelineEntry] {
        var tagged: [(e: TimelineEntry, s: Int, i: Int)] = []
        for (s, list) in sources.enumerated() {
            for (i, e) in list.enumerated() { tagged.append((e, s, i)) }
        }
        tagged.sort { a, b in
            if a.e.time != b.e.time { return a.e.time < b.e.time }
            if a.s != b.s { return a.s < b.s }
            return a.i < b.i
        }
        return tagged.map(\.e)
    }

    /// The last state per instance name in one host's entries: "MASTER" / "BACKUP" / "FAULT".
    public static func lastStates(_ entries: [TimelineEntry]) -> [String: String] {
        var out: [String: String] = [:]
        for e in entries {
            guard e.text.first == "(", let close = e.text.firstIndex(of: ")") else { continue }
            let name = String(e.text[e.text.index(after: e.text.startIndex)..<close])
            let rest = e.text[close...]
            for s in ["MASTER", "BACKUP", "FAULT"] where rest.contains("Entering \(s) STATE") { out[name] = s }
        }
        return out
    }
}
