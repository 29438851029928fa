/// A keepalived.conf-syntax template turned into one configuration per lab host.
///
/// Per host i of N (h1 wins the election):
///   vrrp_instance NAME   -> NAME without trailing digits + i (loadbalancer1 -> loadbalancer2 on h2),
///                           every other use of the name (sync groups) follows
///   state                -> MASTER on h1, BACKUP elsewhere (a hint only)
///   priority P           -> P on h1, min(P, 254) - (i - 1) elsewhere (at least 1)
///   interface            -> ens5
///   unicast_src_ip / mcast_src_ip -> the host's address of that family
///   unicast_peer { }     -> the other hosts' addresses of the unicast_src_ip's family
/// An instance without unicast_src_ip / unicast_peer stays multicast. Every address in the
/// template must be in 192.0.2.0/24, 198.51.100.0/24 or 2001:db8::/32, and none may be a lab
/// host's or the client's address (the VIPs are the template's own).
public struct LabTemplate: Sendable {
    public struct Problem: Error, CustomStringConvertible, Sendable, Equatable {
        public var file: String, line: Int, column: Int, message: String
        public var description: String { "\(file):\(line):\(column): error: \(message)" }
    }

    public var file: String
    public var lines: [String]
    /// The template's instance names, in order.
    public private(set) var instanceNames: [String] = []
    /// The first address of each virtual_ipaddress line, per instance (template name).
    public private(set) var vips: [String: [String]] = [:]

    public init(text: String, file: String) {
        self.file = file
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        scan()
    }

    struct Token { var text: Substring; var column: Int }

    /// Whitespace-separated words before a comment (# or !), with 1-based columns.
    static func tokens(_ line: String) -> [Token] {
        var out: [Token] = []
        var start: String.Index?
        var column = 0, startColumn = 0
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            column += 1
            if c == "#" || c == "!" { break }
            if c == " " || c == "\t" || c == "\r" {
                if let s = start { out.append(Token(text: line[s..<i], column: startColumn)); start = nil }
            } else if start == nil {
                start = i; startColumn = column
            }
            i = line.index(after: i)
        }
        if let s = start { out.append(Token(text: line[s..<i], column: startColumn)) }
        // Braces glued to words are words of their own.
        return out.flatMap { t -> [Token] in
            var parts: [Token] = []
            var cur = t.text.startIndex, col = t.column, pstart = cur, pcol = col
            while cur < t.text.endIndex {
                let ch = t.text[cur]
                if ch == "{" || ch == "}" {
                    if pstart < cur { parts.append(Token(text: t.text[pstart..<cur], column: pcol)) }
                    parts.append(Token(text: t.text[cur...cur], column: col))
                    pstart = t.text.index(after: cur); pcol = col + 1
                }
                cur = t.text.index(after: cur); col += 1
            }
            if pstart < t.text.endIndex { parts.append(Token(text: t.text[pstart...], column: pcol)) }
            return parts
        }
    }

    private mutating func scan() {
        var current: String?
        var inVIPs = false, depth = 0, vipDepth = 0
        for line in lines {
            let ts = Self.tokens(line)
            if let first = ts.first {
                if first.text == "vrrp_instance", ts.count > 1, depth == 0 {
                    current = String(ts[1].text)
                    instanceNames.append(String(ts[1].text))
                } else if first.text == "virtual_ipaddress", let c = current {
                    inVIPs = true; vipDepth = depth + 1
                    vips[c, default: []] += []
                } else if inVIPs, depth == vipDepth, first.text != "}" {
                    let a = first.text.split(separator: "/").first.map(String.init) ?? ""
                    if LabAddress(a) != nil, let c = current { vips[c, default: []].append(String(first.text)) }
                }
            }
            for t in ts {
                if t.text == "{" { depth += 1 }
                if t.text == "}" {
                    depth -= 1
                    if inVIPs && depth < vipDepth { inVIPs = false }
                    if depth == 0 { current = nil }
                }
            }
        }
    }

    /// Every address in the template that is outside the documentation ranges or collides with the lab's.
    public func problems(plan: LabPlan) -> [Problem] {
        var reserved: [LabAddress: String] = [:]
        for i in 1...LabPlan.maxHosts {
            reserved[LabAddress(LabPlan.ipv4(host: i))!] = "h\(i)"
            reserved[LabAddress(LabPlan.ipv6(host: i))!] = "h\(i)"
        }
        reserved[LabAddress(LabPlan.clientIPv4)!] = "the client"
        reserved[LabAddress(LabPlan.clientIPv6)!] = "the client"
        var out: [Problem] = []
        var inPeers = false
        for (n, line) in lines.enumerated() {
            let ts = Self.tokens(line)
            let key = ts.first?.text ?? ""
            if key == "unicast_peer" { inPeers = true }
            let replaced = inPeers || key == "unicast_src_ip" || key == "mcast_src_ip"
            for t in ts {
                if t.text == "}" { inPeers = false }
                let bare = t.text.split(separator: "/", maxSplits: 1).first ?? t.text
                guard LabAddress.looksLikeAddress(bare) else { continue }
                guard let a = LabAddress(String(bare)) else {
                    out.append(Problem(file: file, line: n + 1, column: t.column, message: "'\(t.text)' is not a valid address"))
                    continue
                }
                if !a.isDocumentation {
                    out.append(Problem(file: file, line: n + 1, column: t.column,
                        message: "\(a) is outside the lab's ranges (192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32)"))
                } else if !replaced, let who = reserved[a] {
                    out.append(Problem(file: file, line: n + 1, column: t.column,
                        message: "\(a) is the address of \(who) in the lab; use another one (for example 192.0.2.200)"))
                }
            }
        }
        return out
    }

    /// The per-host instance name for a template instance name.
    public func instanceName(_ name: String, host index: Int) -> String {
        var base = name
        while let last = base.last, last.isNumber { base.removeLast() }
        let bases = instanceNames.map { n -> String in var b = n; while let l = b.last, l.isNumber { b.removeLast() }; return b }
        if base.isEmpty || Set(bases).count != bases.count { return "\(name)_h\(index)" }
        return "\(base)\(index)"
    }

    /// The configuration text for host `index` (1-based) of the plan.
    public func adapted(for index: Int, plan: LabPlan) -> String {
        let renames = Dictionary(uniqueKeysWithValues: instanceNames.map { ($0, instanceName($0, host: index)) })
        // The unicast family of each instance: that of its unicast_src_ip (IPv4 if none).
        var family: [String: Bool] = [:]
        var current: String?
        var depth = 0
        for line in lines {
            let ts = Self.tokens(line)
            if ts.first?.text == "vrrp_instance", ts.count > 1, depth == 0 { current = String(ts[1].text) }
            if ts.first?.text == "unicast_src_ip", ts.count > 1, let c = current {
                family[c] = ts[1].text.contains(":")
            }
            for t in ts { if t.text == "{" { depth += 1 } else if t.text == "}" { depth -= 1; if depth == 0 { current = nil } } }
        }
        func address(_ i: Int, v6: Bool) -> String { v6 ? LabPlan.ipv6(host: i) : LabPlan.ipv4(host: i) }

        var out: [String] = []
        depth = 0
        current = nil
        var skipping = 0 // depth to return to while dropping a unicast_peer block
        var skipActive = false
        for line in lines {
            let ts = Self.tokens(line)
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            if skipActive {
                for t in ts { if t.text == "{" { depth += 1 } else if t.text == "}" { depth -= 1 } }
                if depth <= skipping { skipActive = false }
                continue
            }
            guard let key = ts.first?.text else { out.append(line); continue }
            var newLine = line
            switch key {
            case "vrrp_instance" where depth == 0 && ts.count > 1:
                current = String(ts[1].text)
            case "state" where current != nil && ts.count > 1:
                newLine = "\(indent)state \(index == 1 ? "MASTER" : "BACKUP")"
            case "priority" where current != nil && ts.count > 1:
                let p = Int(ts[1].text) ?? 100
                let q = index == 1 ? p : max(1, min(p, 254) - (index - 1))
                newLine = "\(indent)priority \(q)"
            case "interface" where current != nil:
                newLine = "\(indent)interface \(LabPlan.interface)"
            case "unicast_src_ip", "mcast_src_ip":
                if ts.count > 1 { newLine = "\(indent)\(key) \(address(index, v6: ts[1].text.contains(":")))" }
            case "unicast_peer":
                let v6 = current.flatMap { family[$0] } ?? false
                out.append("\(indent)unicast_peer {")
                for i in 1...plan.hostCount where i != index { out.append("\(indent)    \(address(i, v6: v6))") }
                out.append("\(indent)}")
                let opens = ts.filter { $0.text == "{" }.count, closes = ts.filter { $0.text == "}" }.count
                if opens > closes { skipping = depth; depth += opens - closes; skipActive = true }
                continue
            default:
                break
            }
            // Follow the instance renames everywhere (instance headers, sync groups).
            for t in ts.reversed() {
                if let r = renames[String(t.text)] {
                    var chars = Array(newLine)
                    let s = t.column - 1, e = s + t.text.count
                    if e <= chars.count, String(chars[s..<e]) == t.text { chars.replaceSubrange(s..<e, with: Array(r)); newLine = String(chars) }
                }
            }
            out.append(newLine)
            for t in ts {
                if t.text == "{" { depth += 1 }
                if t.text == "}" { depth -= 1; if depth == 0 { current = nil } }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
