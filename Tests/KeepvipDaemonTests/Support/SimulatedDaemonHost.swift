import Glibc
import KeepvipConfig
import KeepvipDaemon
import KeepvipLinux
import Logging
import VRRPCore

/// A whole keepvipd on the in-memory segment: a `DaemonCore` over an in-memory `DaemonHost` with one
/// interface, ens5, at `address`, with virtual time. The configuration is read from an in-memory
/// file system, so a test edits the file and reloads as an operator does.
final class SimulatedDaemonHost: SegmentStation, DaemonHost, VirtualAddressManager, VirtualRouteManager, AddressAnnouncer {
    static let configurationPath = "/etc/keepvip/keepvip.conf"

    let address: IPAddress
    unowned let segment: InMemorySegment
    var isLinkUp = true
    /// Other links of the host (for track_interface), by name: up or down.
    var otherLinks: [String: Bool] = [:]
    private(set) var core: DaemonCore!
    var fileSystem = InMemoryFileSystem()
    let log = LogCapture()
    /// What the host did, in order: "add <vip>", "remove <vip>", "announce <vip>", "advert <prio>",
    /// "add route …", "remove route …", "add rule …", "remove rule …", "run <command>", "fifo <line>".
    private(set) var events: [(at: Instant, what: String)] = []
    private(set) var interfaceAddresses: Set<IPAddress> = []
    private(set) var routes: Set<String> = []
    /// Addresses no_accept refuses now.
    private(set) var refused: [IPAddress] = []
    /// The next `refuseDelivery` fails.
    var failsFilter = false
    /// The exit status each program gives (default 0).
    var scriptStatuses: [String: Int32] = [:]
    /// Programs that never exit on their own: they run until killed ("kill <pid>" in `events`).
    var hangingPrograms: Set<String> = []
    private var wakeUp: Instant?
    private var sockets: [MemorySocket] = []
    private lazy var runner = ImmediateScriptRunner(host: self)

    init(address: IPAddress, segment: InMemorySegment) {
        self.address = address
        self.segment = segment
        segment.attach(self)
    }

    /// Writes the configuration file (and any others it includes).
    func write(_ text: String, to path: String = configurationPath) {
        fileSystem.files[path] = Array(text.utf8)
    }

    /// Starts keepvipd on the file written; nil when it refuses the file.
    @discardableResult
    func start() throws -> LoadResult {
        let result = loadConfiguration()
        guard let configuration = result.configuration else { return result }
        core = DaemonCore(configuration: configuration, host: self, logger: logger, loadedAt: "start") { [unowned self] in
            loadConfiguration()
        }
        try core.start()
        return result
    }

    private func loadConfiguration() -> LoadResult {
        ConfigurationLoader(configID: "main", fileSystem: fileSystem).load(path: Self.configurationPath)
    }

    private var logger: Logger { Logger(label: "test") { [log] _ in log.handler() } }

    var state: [String: RouterState] {
        Dictionary(uniqueKeysWithValues: core.runners.map { ($0.name, $0.state) })
    }

    func holds(_ vip: IPAddress) -> Bool { interfaceAddresses.contains(vip) }

    func record(_ what: String) { events.append((segment.now, what)) }

    // SegmentStation
    var nextDeadline: Instant? { wakeUp }

    func deliver(_ packet: ReceivedPacket, now: Instant) {
        guard isLinkUp else { return }
        for socket in sockets where socket.family == packet.source.family {
            socket.queue.append(packet)
            socket.onReadable()
        }
    }

    func timersDue(now: Instant) {
        guard let wakeUp, wakeUp <= now else { return }
        self.wakeUp = nil
        core.timersDue()
    }

    // DaemonHost
    func now() -> Instant { segment.now }
    func setWakeUp(at deadline: Instant?) { wakeUp = deadline }
    func settled() {}
    /// What the service manager heard.
    private(set) var serviceEvents: [ServiceEvent] = []
    func report(_ event: ServiceEvent) { serviceEvents.append(event) }
    func interfaceIndex(named name: String) -> Int32? { name == "ens5" ? 2 : nil }
    func interfaceName(ofIndex index: Int32) -> String? { index == 2 ? "ens5" : nil }
    func addresses(interfaceIndex: Int32) -> [IPAddress] { interfaceIndex == 2 ? [address] + interfaceAddresses : [] }
    func primaryAddress(family: AddressFamily, interfaceIndex: Int32) -> IPAddress? {
        interfaceIndex == 2 && family == address.family ? address : nil
    }
    func links() -> [LinkEvent] {
        [Self.link("ens5", index: 2, isUp: isLinkUp)]
            + otherLinks.sorted { $0.key < $1.key }.enumerated().map { Self.link($1.key, index: Int32(3 + $0), isUp: $1.value) }
    }

    static func link(_ name: String, index: Int32, isUp: Bool) -> LinkEvent {
        LinkEvent(kind: .changed, interfaceIndex: index, name: name, isUp: isUp, isRunning: isUp, hasCarrier: isUp, hardwareAddress: nil)
    }

    /// A link of the host goes up or down: the core hears it as from the link monitor.
    func setLink(_ name: String, up: Bool) {
        otherLinks[name] = up
        core.linkEvents([.link(Self.link(name, index: 3, isUp: up))])
    }
    var addressManager: any VirtualAddressManager { self }
    var routeManager: any VirtualRouteManager { self }
    var announcer: any AddressAnnouncer { self }
    var scripts: any ScriptRunner { runner }

    func openVRRPSocket(family: AddressFamily, interfaceName: String, interfaceIndex: Int32,
                        onReadable: @escaping () -> Void) throws -> any VRRPSocket {
        let socket = MemorySocket(host: self, family: family, onReadable: onReadable)
        sockets.append(socket)
        return socket
    }

    func closeVRRPSocket(_ socket: any VRRPSocket) {
        sockets.removeAll { $0 === socket }
    }

    func refuseDelivery(to addresses: [IPAddress]) throws {
        if failsFilter {
            failsFilter = false
            throw SimulatedFailure(what: "nft: the table is busy")
        }
        refused = addresses
    }

    func openNotifyFIFO(path: String) throws -> any NotifyLineWriter { MemoryFIFO(path: path, host: self) }

    func watchTrackFiles(_ files: [TrackFile], afterChange: @escaping () -> Void) throws -> any TrackFileValues {
        MemoryTrackFiles(files: files)
    }

    /// `keepvip handover`'s saved state: kept across `start()`s, as the file is across restarts.
    var savedMaintenance: Set<String> = []
    /// The next save fails.
    var failsMaintenanceSave = false

    func loadMaintenance() -> Set<String> { savedMaintenance }

    func saveMaintenance(_ names: Set<String>) throws {
        if failsMaintenanceSave { throw SystemCallError("rename(/var/lib/keepvip/maintenance)", errno: EROFS) }
        savedMaintenance = names
    }

    // VirtualAddressManager
    func add(_ address: VirtualAddress, interface: String) throws -> Bool {
        record("add \(address.address)")
        return interfaceAddresses.insert(address.address).inserted
    }

    func remove(_ address: VirtualAddress, interface: String) throws -> Bool {
        guard interfaceAddresses.remove(address.address) != nil else { return false }
        record("remove \(address.address)")
        return true
    }

    // VirtualRouteManager: routes and rules in one set, as described.
    func add(_ route: VirtualRoute) throws -> Bool { insert("route", route) }
    func remove(_ route: VirtualRoute) throws -> Bool { delete("route", route) }
    func add(_ rule: VirtualRule) throws -> Bool { insert("rule", rule) }
    func remove(_ rule: VirtualRule) throws -> Bool { delete("rule", rule) }

    private func insert(_ kind: String, _ item: some CustomStringConvertible) -> Bool {
        record("add \(kind) \(item)")
        return routes.insert(item.description).inserted
    }

    private func delete(_ kind: String, _ item: some CustomStringConvertible) -> Bool {
        guard routes.remove(item.description) != nil else { return false }
        record("remove \(kind) \(item)")
        return true
    }

    // AddressAnnouncer
    func announce(_ address: VirtualAddress, interface: String) throws {
        record("announce \(address.address)")
    }
}

struct SimulatedFailure: Error, CustomStringConvertible {
    var what: String
    var description: String { what }
}

/// The VRRP socket of the simulated host: sends onto the segment, receives what the host delivers.
private final class MemorySocket: VRRPSocket {
    unowned let host: SimulatedDaemonHost
    let family: AddressFamily
    let onReadable: () -> Void
    var queue: [ReceivedPacket] = []
    var interfaceName: String { "ens5" }
    var fileDescriptor: Int32 { -1 }
    var malformedCount: Int { 0 }
    var lastMalformationDescription: String? { nil }

    init(host: SimulatedDaemonHost, family: AddressFamily, onReadable: @escaping () -> Void) {
        self.host = host
        self.family = family
        self.onReadable = onReadable
    }

    func joinMulticastGroup() throws(SystemCallError) {}

    func send(_ payload: [UInt8], to destination: IPAddress, from source: IPAddress) throws(SystemCallError) {
        guard host.isLinkUp else { return }
        let priority = payload.count > 2 ? payload[2] : 0
        host.record("advert \(priority)")
        host.segment.transmit(payload, from: source, to: destination)
    }

    func receivePacket() throws(SystemCallError) -> ReceivedPacket? {
        queue.isEmpty ? nil : queue.removeFirst()
    }

    func close() {}
}

/// Scripts finish the moment they start, with the status the host gives their program; hanging
/// ones run until killed.
private final class ImmediateScriptRunner: ScriptRunner {
    unowned let host: SimulatedDaemonHost
    private var hanging: [pid_t: (ScriptOutcome) -> Void] = [:]
    private var nextPID: pid_t = 1000

    init(host: SimulatedDaemonHost) {
        self.host = host
    }

    func run(_ script: ResolvedScript, completion: @escaping (ScriptOutcome) -> Void) -> pid_t? {
        let program = script.arguments.first ?? ""
        guard host.hangingPrograms.contains(program) else {
            host.record("run \(script.arguments.joined(separator: " "))")
            completion(.exited(.exited(host.scriptStatuses[program] ?? 0)))
            return nil
        }
        nextPID += 1
        host.record("run \(script.arguments.joined(separator: " ")) as \(nextPID)")
        hanging[nextPID] = completion
        return nextPID
    }

    func kill(_ pid: pid_t) {
        guard let completion = hanging.removeValue(forKey: pid) else { return }
        host.record("kill \(pid)")
        completion(.exited(.signalled(9)))
    }

    func stopAll() { hanging.removeAll() }
}

private final class MemoryFIFO: NotifyLineWriter {
    let path: String
    unowned let host: SimulatedDaemonHost

    init(path: String, host: SimulatedDaemonHost) {
        self.path = path
        self.host = host
    }

    func write(line: String) throws { host.record("fifo \(line)") }
    func removeIfCreated() {}
}

private final class MemoryTrackFiles: TrackFileValues {
    let files: [TrackFile]
    var onValueChange: ((String) -> Void)?

    init(files: [TrackFile]) {
        self.files = files
    }

    func value(of name: String) -> Int? { 0 }
    func close() {}
}
