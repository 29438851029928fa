import ArgumentParser
import Glibc
import KeepvipLinux
import KeepvipPeer
import VRRPCore

/// `keepvip peer`: a simulated VRRP router for failover tests, or (`--listen`) a VRRP packet decoder.
struct Peer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a VRRP router on an interface, or decode the VRRP packets seen on it (--listen).",
        discussion: """
        The simulated router follows the protocol (it yields to a higher priority and takes over when the \
        Active router falls silent) unless --no-yield. Its timeline comes from --scenario FILE and --step; \
        steps: 'TIME priority N' (0 resigns), 'TIME silent', 'TIME resume', 'TIME bad-checksum N', \
        'TIME stop', 'TIME expect master ADDRESS|none', 'TIME expect state master|backup|init'. \
        A scenario file may start with settings named like the flags (vrid 101, priority 150, \
        unicast 192.0.2.11, auth-pass secret, vip 192.0.2.200, no-yield…); flags override them. \
        Several routers: 'router NAME' lines, each followed by that router's settings (over the shared \
        ones above the first section); a step may name its router ('5s a silent'), a step without a \
        name is every router's; output lines carry the name ('[a]').
        The source may be any address, configured on the interface or not (IPv4: an IP header of our \
        own on an IP_HDRINCL socket; IPv6: IPV6_FREEBIND).
        Prints one line per advert sent and received, state change, step and expectation. \
        Exit status: 0, 1 if an expect step failed, 2 on bad input or a system error.
        With --listen, prints every VRRP packet the interface sees (a packet socket in promiscuous \
        mode with a BPF filter for IP protocol 112: both families, any destination, any VRID) with the verdict of keepvip's receive checks, checked \
        against --vrid, --version, --interval, --auth-pass, --unicast (accepted sources), --vip and \
        --priority where given, and against what the packet itself says otherwise.
        """
    )

    @Option(name: [.short, .customLong("interface")], help: "The interface.")
    var interface: String

    @Flag(help: "Decode and judge every VRRP packet instead of simulating a router.")
    var listen = false

    @Flag(help: "One JSON object per line.")
    var json = false

    @Option(help: ArgumentHelp("A scenario file: settings, then timed steps.", valueName: "file"))
    var scenario: String?

    @Option(name: .customLong("step"), help: ArgumentHelp("A timed step, e.g. '5s silent' (repeatable).", valueName: "step"))
    var steps: [String] = []

    @Option(help: "Stop after this long (e.g. 60s).")
    var duration: String?

    @Option(help: "Virtual router ID, 1–255.")
    var vrid: String?

    @Option(help: "VRRP version, 2 or 3.")
    var version: String?

    @Option(help: "Address family, ipv4 or ipv6 (--listen: show only this one).")
    var family: String?

    @Option(help: "Priority, 1–255 (--listen: ours, for the address-owner check).")
    var priority: String?

    @Option(help: "Advert interval (1s; VRRPv3 down to 10ms).")
    var interval: String?

    @Option(help: "Source address, configured or not (default: the interface's first address of the family).")
    var source: String?

    @Option(help: "Send unicast to this address (repeatable); default multicast. --listen: accepted sources.")
    var unicast: [String] = []

    @Option(name: .customLong("auth-pass"), help: "VRRPv2 simple-text password (1–8 bytes).")
    var password: String?

    @Option(help: "A virtual address the adverts carry (repeatable).")
    var vip: [String] = []

    @Flag(name: .customLong("no-yield"), help: "Never yield to a higher priority (a stubborn router).")
    var noYield = false

    @Flag(name: .customLong("v3-checksum-as-v2"), help: "VRRPv3 over IPv4: checksum without the pseudo-header.")
    var v3ChecksumAsV2 = false

    func run() throws {
        let flags = try PeerFlags(self)
        guard let index = NetworkInterface.index(named: interface) else {
            fail("interface '\(interface)' does not exist")
        }
        let output = OutputWriter(formatter: EventFormatter(style: json ? .json : .text))
        if listen {
            try runListener(flags, interfaceIndex: index, output: output)
        } else {
            try runPeer(flags, interfaceIndex: index, output: output)
        }
    }

    private func runListener(_ flags: PeerFlags, interfaceIndex: Int32, output: OutputWriter) throws {
        let settings = flags.settings
        var expectations = ListenExpectations()
        expectations.virtualRouterID = settings.virtualRouterID
        expectations.version = settings.version
        expectations.intervalCentiseconds = settings.intervalCentiseconds
        expectations.authentication = settings.password.map { .simpleText($0) }
        expectations.peers = settings.unicastDestinations.isEmpty ? nil : settings.unicastDestinations
        expectations.virtualAddresses = settings.virtualAddresses.isEmpty ? nil : settings.virtualAddresses
        expectations.priority = settings.priority ?? 100
        expectations.v3ChecksumAsV2 = v3ChecksumAsV2
        let transport: CaptureTransport
        do {
            transport = try CaptureTransport(interfaceName: interface, interfaceIndex: interfaceIndex,
                                             families: settings.family.map { [$0] } ?? [.ipv4, .ipv6])
        } catch {
            fail("opening the packet socket on \(interface): \(error)")
        }
        let runner = ListenRunner(inspector: PacketInspector(expectations: expectations), transport: transport,
                                  output: output, duration: flags.duration)
        do {
            try runner.run()
        } catch {
            fail("\(error)")
        }
    }

    private func runPeer(_ flags: PeerFlags, interfaceIndex: Int32, output: OutputWriter) throws {
        let scenario = loadScenario(path: self.scenario) ?? Scenario()
        var steps = scenario.steps
        do {
            steps += try ScenarioParser().parseSteps(self.steps.joined(separator: "\n"),
                                                     routerNames: scenario.routers.compactMap(\.name))
        } catch {
            fail("--step \(error.line):\(error.column): \(error.message)")
        }
        // Flag steps join the file's timeline; a stable sort keeps same-time steps in their order.
        steps = steps.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        if let duration = flags.duration, !steps.contains(where: { $0.action == .stop && $0.router == nil }) {
            steps.append(ScenarioStep(time: duration, action: .stop))
        }
        let interfaceAddresses: [IPAddress]
        do {
            interfaceAddresses = try NetworkInterface.addresses(interfaceIndex: interfaceIndex).map(\.address)
        } catch {
            fail("reading the addresses of \(interface): \(error)")
        }
        var peers: [SimulatedPeer] = []
        for section in scenario.resolvedRouters(overriddenBy: flags.settings) {
            let place = section.name.map { name in
                (self.scenario.map { "\($0):\(section.line): " } ?? "") + "router \(name): "
            } ?? ""
            let configuration: PeerConfiguration
            do {
                configuration = try PeerConfiguration(settings: section.settings, interfaceAddresses: interfaceAddresses)
            } catch {
                fail(place + "\(error)")
            }
            if let twin = peers.first(where: { $0.configuration.source == configuration.source }) {
                fail(place + "router \(twin.name ?? "?") already sends from \(configuration.source); give each router its own 'source'")
            }
            peers.append(SimulatedPeer(configuration: configuration, steps: steps, name: section.name))
        }
        let group = PeerGroup(peers: peers)
        let transports = try group.families.map { family in
            let routers = peers.filter { $0.configuration.family == family }.map(\.configuration)
            // A source not configured on the interface is sent from anyway (it is what the user asked).
            return try open(family: family, interfaceIndex: interfaceIndex,
                            joinMulticast: routers.contains { $0.destinations.allSatisfy(Self.isMulticast) },
                            anySource: routers.contains { !interfaceAddresses.contains($0.source) })
        }
        let runner = PeerRunner(group: group, transports: transports, output: output)
        let failed: Int
        do {
            failed = try runner.run()
        } catch {
            fail("\(error)")
        }
        if failed > 0 {
            output.error("\(failed) expectation(s) failed")
            throw ExitCode(1)
        }
    }

    private func loadScenario(path: String?) -> Scenario? {
        guard let path else { return nil }
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            fail("\(path): \(error)")
        }
        do {
            return try ScenarioParser().parse(text)
        } catch {
            fail("\(path):\(error)")
        }
    }

    private func open(family: AddressFamily, interfaceIndex: Int32, joinMulticast: Bool, anySource: Bool) throws -> any PeerTransport {
        do {
            return try PeerSockets.open(family: family, interfaceName: interface, interfaceIndex: interfaceIndex,
                                        joinMulticast: joinMulticast, anySource: anySource)
        } catch {
            fail("opening the VRRP socket on \(interface): \(error)")
        }
    }

    private static func isMulticast(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let v4): v4.isMulticast
        case .v6(let v6): v6.isMulticast
        }
    }

    /// Bad input and system errors: one line on stderr, exit status 2 (1 is for failed expectations).
    private func fail(_ message: String) -> Never {
        OutputWriter.standardError("keepvip peer: \(message)")
        Peer.exit(withError: ExitCode(2))
    }
}

/// The flags' values, read with the scenario file's syntax and limits.
struct PeerFlags {
    var settings = PeerSettings()
    var duration: Duration?

    init(_ command: Peer) throws {
        settings.virtualRouterID = try command.vrid.map { try UInt8(Self.read($0) { t throws(ValueSyntax.Invalid) in try ValueSyntax.number(t, in: 1...255, what: "VRID") }) }
        settings.version = try command.version.map { try Self.read($0, ValueSyntax.version) }
        settings.family = try command.family.map { try Self.read($0, ValueSyntax.family) }
        settings.priority = try command.priority.map { try UInt8(Self.read($0) { t throws(ValueSyntax.Invalid) in try ValueSyntax.number(t, in: 1...255, what: "priority") }) }
        settings.intervalCentiseconds = try command.interval.map { try Self.read($0, ValueSyntax.interval) }
        settings.source = try command.source.map { try Self.read($0, ValueSyntax.address) }
        settings.unicastDestinations = try command.unicast.map { try Self.read($0, ValueSyntax.address) }
        settings.password = try command.password.map { try Self.read($0, ValueSyntax.password) }
        settings.virtualAddresses = try command.vip.map { try Self.read($0, ValueSyntax.address) }
        if command.noYield { settings.yields = false }
        if command.v3ChecksumAsV2 { settings.v3ChecksumAsV2 = true }
        duration = try command.duration.map { try Self.read($0, ValueSyntax.duration) }
    }

    private static func read<Value>(_ text: String, _ parser: (Substring) throws(ValueSyntax.Invalid) -> Value) throws -> Value {
        do {
            return try parser(Substring(text))
        } catch {
            throw ValidationError(error.message)
        }
    }
}
