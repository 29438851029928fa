import KeepvipConfig
import KeepvipDaemon
import Logging
import VRRPCore

/// An Ethernet segment in memory with virtual time: hosts' adverts are delivered to the peers they
/// are addressed to (or to every host for the VRRP group of either family), with TTL 255, after
/// `latency`. Simulated peers inject crafted packets, at once or on a timeline (`schedule`).
final class InMemorySegment {
    private(set) var now = Instant.zero
    let latency: Duration
    private(set) var hosts: [any SegmentStation] = []
    private var inFlight: [(at: Instant, from: IPAddress, to: IPAddress, message: [UInt8])] = []
    /// Every message put on the wire: (time, source, destination, decoded advert).
    private(set) var wire: [(at: Instant, source: IPAddress, destination: IPAddress, advertisement: Advertisement?)] = []
    /// Scripted injections (simulated peers), run in time order with packets and timers.
    private var script: [(at: Instant, order: Int, action: () -> Void)] = []
    private var scriptCounter = 0

    init(latency: Duration = .microseconds(100)) {
        self.latency = latency
    }

    func addHost(_ address: IPAddress) -> SimulatedHost {
        let host = SimulatedHost(address: address, segment: self)
        hosts.append(host)
        return host
    }

    /// Puts another kind of station on the segment (a whole daemon: `SimulatedDaemonHost`).
    func attach(_ station: any SegmentStation) {
        hosts.append(station)
    }

    func transmit(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) {
        wire.append((now, source, destination, Self.decode(message, from: source, to: destination)))
        inFlight.append((now + latency, source, destination, message))
    }

    /// Decodes a captured message as a receiver would: VRRPv2 over the message alone, VRRPv3 with the
    /// pseudo-header (or, for IPv4 with `v3_checksum_as_v2`, without it).
    static func decode(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) -> Advertisement? {
        let scopes: [ChecksumScope] = message.first.map({ $0 >> 4 }) == 3
            ? [.pseudoHeader(source: source, destination: destination), .message]
            : [.message]
        for scope in scopes {
            if let advertisement = try? Advertisement(decoding: message, family: source.family, checksum: scope) {
                return advertisement
            }
        }
        return nil
    }

    static func isGroup(_ address: IPAddress) -> Bool {
        address == .v4(.vrrpMulticastGroup) || address == .v6(.vrrpMulticastGroup)
    }

    /// Injects a packet as if `source` had sent it (a rogue or broken peer).
    func inject(_ message: [UInt8], from source: IPAddress, to destination: IPAddress, ttl: UInt8 = 255) {
        for host in hosts where host.address == destination || Self.isGroup(destination) {
            host.deliver(ReceivedPacket(source: source, destination: destination, hopLimit: ttl, payload: message), now: now)
        }
    }

    /// Runs `action` when virtual time reaches `instant` (before packets and timers due at that instant).
    func schedule(at instant: Instant, _ action: @escaping () -> Void) {
        scriptCounter += 1
        script.append((instant, scriptCounter, action))
    }

    /// Advances virtual time to `instant`, delivering packets and firing timers in time order.
    func run(until instant: Instant) {
        while true {
            let nextPacket = inFlight.map(\.at).min()
            let nextTimer = hosts.compactMap(\.nextDeadline).min()
            let nextScripted = script.map(\.at).min()
            guard let next = [nextPacket, nextTimer, nextScripted].compactMap({ $0 }).min(), next <= instant else { break }
            now = max(now, next)
            if let scriptedTime = nextScripted, scriptedTime <= now {
                let due = script.filter { $0.at <= now }.sorted { ($0.at, $0.order) < ($1.at, $1.order) }
                script.removeAll { $0.at <= now }
                for entry in due { entry.action() }
            } else if let packetTime = nextPacket, packetTime <= now {
                let due = inFlight.filter { $0.at <= now }
                inFlight.removeAll { $0.at <= now }
                for packet in due {
                    for host in hosts where host.address != packet.from && host.isLinkUp
                        && (host.address == packet.to || Self.isGroup(packet.to)) {
                        host.deliver(ReceivedPacket(source: packet.from, destination: packet.to, hopLimit: 255, payload: packet.message), now: now)
                    }
                }
            } else {
                for host in hosts { host.timersDue(now: now) }
            }
        }
        now = max(now, instant)
    }

    func run(for duration: Duration) {
        run(until: now + duration)
    }

    /// Where `source`'s messages went.
    func destinations(from source: IPAddress) -> Set<IPAddress> {
        Set(wire.filter { $0.source == source }.map(\.destination))
    }

    func adverts(from source: IPAddress) -> [(at: Instant, advertisement: Advertisement)] {
        wire.compactMap { entry in
            guard entry.source == source, let advertisement = entry.advertisement else { return nil }
            return (entry.at, advertisement)
        }
    }
}

/// Something with an address on the segment that receives packets and has timers.
protocol SegmentStation: AnyObject {
    var address: IPAddress { get }
    var isLinkUp: Bool { get }
    var nextDeadline: Instant? { get }
    func deliver(_ packet: ReceivedPacket, now: Instant)
    func timersDue(now: Instant)
}

/// One keepvip host on the segment: the runner with in-memory kernel parts.
final class SimulatedHost: SegmentStation, AdvertTransport, VirtualAddressManager, VirtualRouteManager, AddressAnnouncer {
    let address: IPAddress
    unowned let segment: InMemorySegment
    private(set) var runner: VirtualRouterRunner?
    /// The runner `stop()` shut down, kept for inspection.
    private(set) var stoppedRunner: VirtualRouterRunner?
    /// What the host did, in order: "advert", "add <vip>", "remove <vip>", "announce <vip>",
    /// "add route <route>", "remove route <route>", "add rule <rule>", "remove rule <rule>".
    private(set) var events: [(at: Instant, what: String)] = []
    private(set) var interfaceAddresses: Set<IPAddress> = []
    /// Routes and rules, as described.
    private(set) var routes: Set<String> = []
    private(set) var announcements: [(at: Instant, address: IPAddress)] = []
    private(set) var vipChanges: [(at: Instant, address: IPAddress, added: Bool)] = []
    var isLinkUp = true
    let log = LogCapture()

    init(address: IPAddress, segment: InMemorySegment) {
        self.address = address
        self.segment = segment
    }

    var nextDeadline: Instant? { runner?.nextDeadline }
    var state: RouterState? { runner?.state }
    func holds(_ vip: IPAddress) -> Bool { interfaceAddresses.contains(vip) }

    func start(_ instance: InstanceConfiguration) {
        let runner = VirtualRouterRunner(
            instance: instance, primaryAddress: address, transport: self, addresses: self, routing: self, announcer: self,
            logger: Logger(label: "test") { [log] _ in log.handler() }
        )
        self.runner = runner
        runner.removeLeftoverAddresses()
        runner.start(now: segment.now)
    }

    /// A reload that matched the running instance to `instance` (trackers all healthy).
    func reload(_ instance: InstanceConfiguration) {
        guard let runner else { return }
        runner.releaseDropped(by: instance)
        runner.reconfigure(to: instance, primaryAddress: address,
                           health: RouterHealth(effectivePriority: instance.priority), now: segment.now)
    }

    /// SIGTERM: the runner resigns and releases its addresses.
    func stop() {
        runner?.stop(now: segment.now)
        stoppedRunner = runner
        runner = nil
    }

    /// SIGKILL and link down: nothing more is sent, addresses stay where they were.
    func crash() {
        runner = nil
        isLinkUp = false
    }

    func deliver(_ packet: ReceivedPacket, now: Instant) {
        guard isLinkUp else { return }
        runner?.receive(packet, now: now)
    }

    func timersDue(now: Instant) {
        runner?.timersDue(now: now)
    }

    // AdvertTransport
    func send(_ message: [UInt8], to destination: IPAddress) throws {
        guard isLinkUp else { return }
        events.append((segment.now, "advert"))
        segment.transmit(message, from: address, to: destination)
    }

    // VirtualAddressManager
    func add(_ address: VirtualAddress, interface: String) throws -> Bool {
        vipChanges.append((segment.now, address.address, true))
        events.append((segment.now, "add \(address.address)"))
        return interfaceAddresses.insert(address.address).inserted
    }

    func remove(_ address: VirtualAddress, interface: String) throws -> Bool {
        guard interfaceAddresses.remove(address.address) != nil else { return false }
        vipChanges.append((segment.now, address.address, false))
        events.append((segment.now, "remove \(address.address)"))
        return true
    }

    /// What a crash leaves behind.
    func leaveAddress(_ vip: IPAddress) {
        interfaceAddresses.insert(vip)
    }

    // VirtualRouteManager
    func add(_ route: VirtualRoute) throws -> Bool {
        events.append((segment.now, "add route \(route)"))
        return routes.insert(route.description).inserted
    }

    func remove(_ route: VirtualRoute) throws -> Bool {
        guard routes.remove(route.description) != nil else { return false }
        events.append((segment.now, "remove route \(route)"))
        return true
    }

    func add(_ rule: VirtualRule) throws -> Bool {
        events.append((segment.now, "add rule \(rule)"))
        return routes.insert(rule.description).inserted
    }

    func remove(_ rule: VirtualRule) throws -> Bool {
        guard routes.remove(rule.description) != nil else { return false }
        events.append((segment.now, "remove rule \(rule)"))
        return true
    }

    /// A route a crash left behind.
    func leaveRoute(_ route: VirtualRoute) {
        routes.insert(route.description)
    }

    /// What a link going down does to the routes through it (rules stay).
    func flushRoutes() {
        routes = routes.filter { $0.hasPrefix("from ") || $0.hasPrefix("priority ") }
    }

    // AddressAnnouncer
    func announce(_ address: VirtualAddress, interface: String) throws {
        announcements.append((segment.now, address.address))
        events.append((segment.now, "announce \(address.address)"))
    }
}
