import VRRPCore

/// `keepvipd [-f FILE] [--pid-file PATH] [--control-socket PATH] [--state-file PATH]
/// [--metrics-listen ADDR:PORT] [--config-id ID]`, parsed by hand: the daemon stays lean
/// (swift-argument-parser would add megabytes of resident memory).
public struct DaemonOptions: Equatable, Sendable {
    public var configurationFile = "/etc/keepvip/keepvip.conf"
    public var pidFile: String?
    public var controlSocket = DaemonOptions.defaultControlSocket
    /// Instances in maintenance (`keepvip handover`), kept across restarts.
    public var stateFile = "/var/lib/keepvip/maintenance"

    /// Where keepvipd and the `keepvip` tool meet unless told otherwise.
    public static let defaultControlSocket = "/run/keepvip/keepvip.sock"
    /// Where Prometheus scrapes `/metrics`; off when nil.
    public var metricsListen: ListenAddress?
    public var configID: String?
    public var action: Action = .run

    public enum Action: Equatable, Sendable {
        case run
        case printVersion
        case printHelp
    }

    /// `192.0.2.11:9650`, `[2001:db8::11]:9650`, or `:9650` for every IPv4 address.
    public struct ListenAddress: Equatable, Sendable, CustomStringConvertible {
        public var address: IPAddress
        public var port: UInt16

        public init?(_ text: String) {
            guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port > 0 else {
                return nil
            }
            var host = text[..<colon]
            if host.hasPrefix("[") && host.hasSuffix("]") {
                host = host.dropFirst().dropLast()
                guard host.contains(":") else { return nil }
            } else if host.contains(":") {
                return nil
            }
            guard let address = host.isEmpty ? IPAddress("0.0.0.0") : IPAddress(host) else { return nil }
            self.address = address
            self.port = port
        }

        public var description: String { address.family == .ipv6 ? "[\(address)]:\(port)" : "\(address):\(port)" }
    }

    public struct UsageError: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static let usage = """
        usage: keepvipd [-f FILE] [--pid-file PATH] [--control-socket PATH] [--state-file PATH]
                        [--metrics-listen ADDR:PORT] [--config-id ID]
          -f, --config-file FILE  configuration in keepalived.conf syntax (default /etc/keepvip/keepvip.conf)
          --pid-file PATH         write the daemon's PID here, removed on exit
          --control-socket PATH   serve `keepvip status`, `stats` and `reload` here (default /run/keepvip/keepvip.sock)
          --state-file PATH       instances in maintenance (keepvip handover) (default /var/lib/keepvip/maintenance)
          --metrics-listen ADDR:PORT  serve Prometheus metrics at http://ADDR:PORT/metrics (off by default;
                                  [IPv6]:PORT, or :PORT for every IPv4 address)
          --config-id ID          selects '@ID' lines of the configuration (default: the short host name)
          --version               print the version and exit
          -h, --help              print this help and exit
        """

    public init() {}

    /// Parses the arguments after the program name. Accepts `--flag value` and `--flag=value`.
    public init(arguments: [String]) throws(UsageError) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            var flag = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() throws(UsageError) -> String {
                if let inlineValue { return inlineValue }
                guard let next = remaining.popFirst(), !next.isEmpty else {
                    throw UsageError(message: "keepvipd: \(flag) needs a value")
                }
                return next
            }
            switch flag {
            case "-f", "--config-file", "--use-file": configurationFile = try value()
            case "--pid-file", "-p": pidFile = try value()
            case "--control-socket": controlSocket = try value()
            case "--state-file": stateFile = try value()
            case "--metrics-listen":
                let text = try value()
                guard let address = ListenAddress(text) else {
                    throw UsageError(message: "keepvipd: --metrics-listen '\(text)': expected ADDRESS:PORT, [IPV6]:PORT or :PORT")
                }
                metricsListen = address
            case "--config-id", "-i": configID = try value()
            case "--version", "-v": action = .printVersion
            case "--help", "-h": action = .printHelp
            default: throw UsageError(message: "keepvipd: unknown option '\(argument)'\n\(Self.usage)")
            }
        }
    }
}
