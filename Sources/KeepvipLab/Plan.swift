import Glibc

/// Where the lab puts everything: namespace names, addresses, files. Pure.
public struct LabPlan: Sendable, Equatable {
    public static let namespacePrefix = "kvlab-"
    public static let stateRoot = "/run/keepvip-lab"
    public static let interface = "ens5"
    public static let clientIPv4 = "192.0.2.100"
    public static let clientIPv6 = "2001:db8::100"
    public static let maxHosts = 9

    public var name: String
    public var hostCount: Int

    public init(name: String, hostCount: Int) throws(LabError) {
        guard Self.isValidName(name) else {
            throw LabError("lab name '\(name)' must be 1-16 characters of a-z, 0-9")
        }
        guard (1...Self.maxHosts).contains(hostCount) else {
            throw LabError("the lab has 1 to \(Self.maxHosts) hosts (192.0.2.11-19), not \(hostCount)")
        }
        self.name = name
        self.hostCount = hostCount
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 16
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    public var hosts: [String] { (1...hostCount).map { "h\($0)" } }
    public var prefix: String { "\(Self.namespacePrefix)\(name)-" }
    public var bridgeNamespace: String { prefix + "br" }
    public var clientNamespace: String { prefix + "client" }
    public func namespace(host: String) -> String { prefix + host }
    /// Every namespace of the lab, bridge last (removed last).
    public var namespaces: [String] { hosts.map(namespace(host:)) + [clientNamespace, bridgeNamespace] }

    public static func ipv4(host index: Int) -> String { "192.0.2.\(10 + index)" }
    public static func ipv6(host index: Int) -> String { "2001:db8::\(10 + index)" }
    public static func index(of host: String) -> Int? {
        guard host.hasPrefix("h"), let i = Int(host.dropFirst()) else { return nil }
        return i
    }

    /// Accepts "h2" or "2"; nil if not a host of this lab.
    public func host(named text: String) -> String? {
        let h = text.hasPrefix("h") ? text : "h" + text
        return hosts.contains(h) ? h : nil
    }

    public var directory: String { "\(Self.stateRoot)/\(name)" }
    public var stateFile: String { directory + "/state" }
    public func logFile(host: String) -> String { "\(directory)/\(host).log" }
    public func configFile(host: String) -> String { "\(directory)/\(host).conf" }
    public func pidFile(host: String) -> String { "\(directory)/\(host).pid" }
    /// The host's keepvipd control socket: `keepvip status --control-socket PATH`.
    public func controlSocket(host: String) -> String { "\(directory)/\(host).sock" }
    /// The host's `keepvip handover` state.
    public func stateFile(host: String) -> String { "\(directory)/\(host).state" }
    /// The bridge-side end of a host's veth, in the bridge namespace.
    public static func bridgePort(_ host: String) -> String { "p-\(host)" }
}

public struct LabError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
