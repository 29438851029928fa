/// The control socket's protocol, apart from the socket: one request line in, one response out.
///
/// Requests: `status`, `status json`, `stats`, `stats json`, `reload`, `handover [NAME…]`,
/// `handover-cancel [NAME…]` (no name: every instance). The response's first line is
/// `ok` or `error`; the rest is for the operator (the `keepvip` tool prints it). A request that is
/// not one of these gets `error` and one line naming it; nothing else happens.
public final class ControlService {
    private let core: DaemonCore
    private let configurationFile: String
    /// Wall time now, in Unix seconds (injected: the tests run on virtual time).
    private let unixNow: () -> Double
    /// Requests answered, and those refused as malformed.
    public private(set) var requestsServed: UInt64 = 0
    public private(set) var requestsRejected: UInt64 = 0

    public init(core: DaemonCore, configurationFile: String, unixNow: @escaping () -> Double) {
        self.core = core
        self.configurationFile = configurationFile
        self.unixNow = unixNow
    }

    public struct Response: Equatable, Sendable {
        public var succeeded: Bool
        public var body: String

        public var encoded: [UInt8] { Array(((succeeded ? "ok\n" : "error\n") + body).utf8) }

        static func failure(_ line: String) -> Response { Response(succeeded: false, body: line + "\n") }
    }

    /// Answers `request` (one line, without its newline) through `reply`, at once or, for a reload,
    /// once the reload is over.
    public func respond(to request: String, reply: @escaping (Response) -> Void) {
        let words = request.split(separator: " ").map(String.init)
        guard let command = words.first else { return reject("empty request", reply) }
        let arguments = Array(words.dropFirst())
        switch (command, arguments) {
        case ("status", []), ("status", ["json"]), ("stats", []), ("stats", ["json"]), ("reload", []),
             ("handover", _), ("handover-cancel", _):
            break
        case ("status", _), ("stats", _), ("reload", _):
            return reject("unexpected '\(Self.printable(arguments.joined(separator: " ")))' after \(command)", reply)
        default:
            return reject("unknown command '\(Self.printable(command))'", reply)
        }
        requestsServed &+= 1
        let json = arguments == ["json"]
        switch command {
        case "handover", "handover-cancel":
            let result = core.setMaintenance(arguments.map { Self.printable($0, limit: 256) }, to: command == "handover")
            reply(Response(succeeded: !result.failed, body: result.lines.joined(separator: "\n") + "\n"))
        case "reload":
            core.requestReload { result in
                switch result {
                case .applied(let line):
                    reply(Response(succeeded: true, body: line + "\n"))
                case .refused(let line, let errors):
                    reply(Response(succeeded: false, body: (errors + [line]).joined(separator: "\n") + "\n"))
                }
            }
        default:
            let status = core.status(unixNow: unixNow(), configurationFile: configurationFile)
            let body = json ? StatusJSON.render(status) : command == "status" ? StatusText.status(status) : StatusText.statistics(status)
            reply(Response(succeeded: true, body: body))
        }
    }

    private func reject(_ reason: String, _ reply: (Response) -> Void) {
        requestsRejected &+= 1
        reply(.failure("bad request: \(reason); expected status, status json, stats, stats json, reload, handover or handover-cancel"))
    }

    /// At most `limit` characters of what a client sent, control characters shown as `?`.
    private static func printable(_ text: String, limit: Int = 40) -> String {
        let shown = text.unicodeScalars.prefix(limit).map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) }
        return String(shown) + (text.unicodeScalars.count > limit ? "…" : "")
    }
}
