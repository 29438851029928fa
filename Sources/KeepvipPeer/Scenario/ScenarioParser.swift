import VRRPCore

/// Reads a scenario file. Pure: text in, `Scenario` or the first error with line and column out.
///
/// ```
/// # settings first (the flags' names; flags override them)
/// vrid 101
/// priority 150
/// unicast 192.0.2.11
/// auth-pass secret
/// vip 192.0.2.200
/// # then the timeline: a time from the start, a step
/// 5s   silent
/// 12s  priority 0
/// 15s  priority 200
/// 20s  bad-checksum 2
/// 30s  expect master 192.0.2.11
/// 35s  stop
/// ```
///
/// Several routers: shared settings, then a `router NAME` line per router with its own settings
/// (they override the shared ones), then one timeline where a step may name its router
/// (`5s a silent`); a step without a name is every router's.
///
/// ```
/// vrid 101
/// router a
/// source 192.0.2.21
/// priority 150
/// router b
/// source 192.0.2.22
/// 5s  a silent
/// 10s expect master 192.0.2.22
/// ```
public struct ScenarioParser {
    public init() {}

    public func parse(_ text: String) throws(ScenarioError) -> Scenario {
        try parse(text, routerNames: [], settingsAllowed: true)
    }

    /// Timed steps only (the `--step` flags); a step may name one of `routerNames`.
    public func parseSteps(_ text: String, routerNames: [String]) throws(ScenarioError) -> [ScenarioStep] {
        try parse(text, routerNames: routerNames, settingsAllowed: false).steps
    }

    private func parse(_ text: String, routerNames: [String], settingsAllowed: Bool) throws(ScenarioError) -> Scenario {
        var scenario = Scenario()
        var names = routerNames
        var previousTime: Duration?
        /// The line of each `stop`, by router name ("" for a `stop` of every router).
        var stopLines: [String: Int] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let words = Self.words(of: rawLine)
            guard let first = words.first else { continue }
            var line = LineReader(number: lineNumber, words: words, endColumn: rawLine.count + 1)
            if first.text.first?.isNumber == true {
                let time = try line.value(ValueSyntax.duration)
                if let previousTime, time < previousTime {
                    throw line.error(at: first, "time \(Self.format(time)) goes backwards (the previous step is at \(Self.format(previousTime)))")
                }
                let router = line.nextIs(oneOf: names) ? String(try line.word("a router name").text) : nil
                if let stopLine = stopLines[""] ?? router.flatMap({ stopLines[$0] }) {
                    throw line.error(at: first, "step after 'stop' (line \(stopLine)) would never run")
                }
                let action = try Self.step(&line, routerNames: names)
                try line.finish()
                if action == .stop { stopLines[router ?? ""] = lineNumber }
                previousTime = time
                scenario.steps.append(ScenarioStep(time: time, action: action, router: router, line: lineNumber))
            } else if !settingsAllowed {
                throw line.error(at: first, "'\(first.text)' is not a timed step (write e.g. '5s silent')")
            } else if previousTime != nil {
                let what = first.text == "router" ? "router section" : "setting '\(first.text)'"
                throw line.error(at: first, "\(what) after the timeline started; put settings first")
            } else if first.text == "router" {
                _ = try line.word("router")
                let name = try line.word("a router name")
                try Self.checkRouterName(name, in: scenario.routers, line: line)
                try line.finish()
                scenario.routers.append(RouterSection(name: String(name.text), line: lineNumber))
                names.append(String(name.text))
            } else if scenario.routers.isEmpty {
                try Self.setting(&line, into: &scenario.settings)
                try line.finish()
            } else {
                try Self.setting(&line, into: &scenario.routers[scenario.routers.count - 1].settings)
                try line.finish()
            }
        }
        return scenario
    }

    static let stepKeywords = ["priority", "silent", "resume", "bad-checksum", "stop", "expect"]

    /// A name is a letter, then letters, digits, `-` or `_`; not a step keyword; not used twice.
    private static func checkRouterName(_ name: Word, in routers: [RouterSection], line: LineReader) throws(ScenarioError) {
        let text = name.text
        guard let first = text.first, first.isASCII, first.isLetter,
              text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw line.error(at: name, "router name '\(text)' must be a letter followed by letters, digits, '-' or '_'") }
        if stepKeywords.contains(String(text)) || text == "router" {
            throw line.error(at: name, "router name '\(text)' is a keyword; choose another")
        }
        if let earlier = routers.first(where: { $0.name == String(text) }) {
            throw line.error(at: name, "router '\(text)' is already defined on line \(earlier.line)")
        }
    }

    private static func step(_ line: inout LineReader, routerNames: [String]) throws(ScenarioError) -> ScenarioStep.Action {
        let known = "priority, silent, resume, bad-checksum, stop, expect"
            + (routerNames.isEmpty ? "" : "; or a router: \(routerNames.joined(separator: ", "))")
        let keyword = try line.word("a step (\(known))")
        switch keyword.text {
        case "priority":
            return .priority(UInt8(try line.value { text throws(ValueSyntax.Invalid) in
                try ValueSyntax.number(text, in: 0...255, what: "priority")
            }))
        case "silent": return .silent
        case "resume": return .resume
        case "bad-checksum":
            return .badChecksum(count: try line.value { text throws(ValueSyntax.Invalid) in
                try ValueSyntax.number(text, in: 1...10_000, what: "advert count")
            })
        case "stop": return .stop
        case "expect":
            let what = try line.word("'master' or 'state'")
            switch what.text {
            case "master":
                let address = try line.word("an address or 'none'")
                if address.text == "none" { return .expectActive(nil) }
                guard let parsed = IPAddress(address.text) else {
                    throw line.error(at: address, "'\(address.text)' is not an address or 'none'")
                }
                return .expectActive(parsed)
            case "state":
                let state = try line.word("master, backup or init")
                switch state.text.lowercased() {
                case "master", "active": return .expectState(.active)
                case "backup": return .expectState(.backup)
                case "init", "initialize": return .expectState(.initialize)
                default: throw line.error(at: state, "unknown state '\(state.text)' (master, backup or init)")
                }
            default:
                throw line.error(at: what, "unknown expectation '\(what.text)' (expect master ADDRESS|none, expect state STATE)")
            }
        default:
            throw line.error(at: keyword, "unknown step '\(keyword.text)' (\(known))")
        }
    }

    private static func setting(_ line: inout LineReader, into settings: inout PeerSettings) throws(ScenarioError) {
        let keyword = try line.word("a setting")
        switch keyword.text {
        case "vrid":
            settings.virtualRouterID = UInt8(try line.value { text throws(ValueSyntax.Invalid) in
                try ValueSyntax.number(text, in: 1...255, what: "VRID")
            })
        case "version": settings.version = try line.value(ValueSyntax.version)
        case "family": settings.family = try line.value(ValueSyntax.family)
        case "priority":
            settings.priority = UInt8(try line.value { text throws(ValueSyntax.Invalid) in
                try ValueSyntax.number(text, in: 1...255, what: "priority")
            })
        case "interval": settings.intervalCentiseconds = try line.value(ValueSyntax.interval)
        case "source": settings.source = try line.value(ValueSyntax.address)
        case "unicast":
            repeat { settings.unicastDestinations.append(try line.value(ValueSyntax.address)) } while line.hasMore
        case "vip":
            repeat { settings.virtualAddresses.append(try line.value(ValueSyntax.address)) } while line.hasMore
        case "auth-pass": settings.password = try line.value(ValueSyntax.password)
        case "no-yield": settings.yields = false
        case "v3-checksum-as-v2": settings.v3ChecksumAsV2 = true
        default:
            throw line.error(at: keyword, "unknown setting '\(keyword.text)' (vrid, version, family, priority, interval, source, unicast, vip, auth-pass, no-yield, v3-checksum-as-v2)")
        }
    }

    struct Word {
        var text: Substring
        var column: Int
    }

    /// Whitespace-separated words with their 1-based columns, up to a `#` comment.
    static func words(of line: Substring) -> [Word] {
        var words: [Word] = []
        var column = 0
        var current: (start: Int, text: Substring.Index)?
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            column += 1
            if character == "#", current == nil { break }
            if character.isWhitespace {
                if let open = current {
                    words.append(Word(text: line[open.text..<index], column: open.start))
                    current = nil
                }
            } else if current == nil {
                current = (column, index)
            }
            index = line.index(after: index)
        }
        if let open = current { words.append(Word(text: line[open.text..<index], column: open.start)) }
        return words
    }

    static func format(_ time: Duration) -> String {
        let milliseconds = time.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    /// The words of one line, consumed left to right.
    struct LineReader {
        let number: Int
        let words: [Word]
        let endColumn: Int
        var position = 0

        init(number: Int, words: [Word], endColumn: Int) {
            self.number = number
            self.words = words
            self.endColumn = endColumn
        }

        var hasMore: Bool { position < words.count }

        /// Whether the next word is one of `texts`.
        func nextIs(oneOf texts: [String]) -> Bool {
            position < words.count && texts.contains(String(words[position].text))
        }

        mutating func word(_ expected: String) throws(ScenarioError) -> Word {
            guard position < words.count else {
                throw ScenarioError(line: number, column: endColumn, message: "expected \(expected)")
            }
            defer { position += 1 }
            return words[position]
        }

        mutating func value<Value>(_ parse: (Substring) throws(ValueSyntax.Invalid) -> Value) throws(ScenarioError) -> Value {
            let word = try word("a value")
            do {
                return try parse(word.text)
            } catch {
                throw self.error(at: word, error.message)
            }
        }

        func finish() throws(ScenarioError) {
            guard position < words.count else { return }
            let extra = words[position]
            throw error(at: extra, "unexpected '\(extra.text)'")
        }

        func error(at word: Word, _ message: String) -> ScenarioError {
            ScenarioError(line: number, column: word.column, message: message)
        }
    }
}
