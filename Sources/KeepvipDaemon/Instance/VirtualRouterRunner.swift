import KeepvipConfig
import Logging
import VRRPCore

/// Runs one configured instance: feeds its `VirtualRouter` events and performs the actions it returns
/// through the kernel protocols. Logs in keepalived's words so operators' filters keep working.
public final class VirtualRouterRunner: Identifiable {
    public private(set) var instance: InstanceConfiguration
    public private(set) var router: VirtualRouter
    public private(set) var counters = RouterCounters()
    /// The last state change: what `keepvip status` shows as "since" and "why".
    public private(set) var lastTransition: Transition?
    private var check: ReceiveCheck
    private let transport: any AdvertTransport
    private let addresses: any VirtualAddressManager
    private let routing: any VirtualRouteManager
    private let announcer: any AddressAnnouncer
    /// Carries `vrrp_instance` (the journal's `VRRP_INSTANCE=`) on every line.
    private var logger: Logger
    private var dropLog = LogRateLimiter<DropReason>()
    private var sendFailureLog = LogRateLimiter<IPAddress>()
    /// One line a second for the instance, whatever the number of senders (one key).
    private var intervalLog = LogRateLimiter<Int>()
    /// Everything but the priority, ready to encode.
    private var template: Advertisement
    /// The last advert encoded for each destination, kept until the priority or the configuration
    /// changes: a steady Active router sends the same bytes every interval.
    private var prepared: (priority: UInt8, messages: [(destination: IPAddress, bytes: [UInt8])])?
    /// The actions of the event being handled; its storage is kept from one event to the next.
    private var actionBuffer: [RouterAction] = []
    /// Called after each transition with the new state and the effective priority, once all the
    /// actions of the event have been performed (notify scripts, sync groups).
    public var onTransition: ((_ from: RouterState, _ to: RouterState, _ priority: UInt8) -> Void)?
    /// Called when the Active router hears a lower priority (keepalived's notify_master_rx_lower_pri).
    public var onLowerPriorityHeard: ((_ priority: UInt8) -> Void)?
    /// Called after each event, when `nextDeadline` may have moved: the daemon's timer queue follows it.
    public var onDeadlineChange: ((VirtualRouterRunner) -> Void)?

    public init(
        instance: InstanceConfiguration, primaryAddress: IPAddress, transport: any AdvertTransport,
        addresses: any VirtualAddressManager, routing: any VirtualRouteManager, announcer: any AddressAnnouncer,
        logger: Logger
    ) {
        self.instance = instance
        let configuration = VirtualRouterConfiguration(instance: instance, primaryAddress: primaryAddress)
        router = VirtualRouter(configuration: configuration)
        check = ReceiveCheck(configuration: configuration)
        self.transport = transport
        self.addresses = addresses
        self.routing = routing
        self.announcer = announcer
        self.logger = logger.forInstance(instance.name)
        template = configuration.advertisement
    }

    public var name: String { instance.name }
    public var state: RouterState { router.state }
    public var drops: DropCounters { counters.drops }

    public struct Transition: Hashable, Sendable {
        public var from: RouterState
        public var to: RouterState
        public var reason: TransitionReason
        public var at: Instant
    }

    /// Who holds the virtual addresses as far as this router knows: itself while Active, the sender of
    /// the last accepted advert while Backup, nobody it can name otherwise.
    public var activeRouterAddress: IPAddress? {
        switch router.state {
        case .active: router.configuration.primaryAddress
        case .backup: check.lastAcceptedSource
        case .fault, .initialize: nil
        }
    }
    /// The router's next timer, or the summary of a burst of drops, whichever comes first.
    public var nextDeadline: Instant? {
        router.nextDeadline.earliest(dropLog.nextSummaryDeadline)
    }

    /// Removes configured rules, routes and addresses an earlier run left behind (a crash, SIGKILL),
    /// so a Backup never holds them.
    public func removeLeftoverAddresses() {
        for rule in instance.virtualRules {
            // A rule without a priority may be there more than once.
            var copies = 0
            while copies < 100, change("rule", rule, verb: "remove leftover", { try routing.remove(rule) }) == true {
                copies += 1
            }
            if copies > 0 { logger.notice("(\(name)) removed leftover rule \(rule)") }
        }
        for route in instance.virtualRoutes {
            if change("route", route, verb: "remove leftover", { try routing.remove(route) }) == true {
                logger.notice("(\(name)) removed leftover route \(route)")
            }
        }
        for address in instance.managedAddresses {
            if change("VIP", address, verb: "remove leftover", { try addresses.remove(address, interface: instance.interface) }) == true {
                logger.notice("(\(name)) removed leftover VIP \(address) from \(address.device ?? instance.interface)")
            }
        }
    }

    /// An Active router puts back any of its virtual addresses and routes that went missing (a link
    /// going down takes its routes with it; rules stay), and announces the addresses again. Nothing
    /// happens in other states or when all are present.
    public func reassertVirtualAddresses(reason: String) {
        guard router.state == .active else { return }
        var restored = false
        for address in instance.managedAddresses {
            if change("VIP", address, verb: "restore", { try addresses.add(address, interface: instance.interface) }) == true {
                logger.notice("(\(name)) VIP \(address.address) was missing (\(reason)); added it again")
                restored = true
            }
        }
        for route in instance.virtualRoutes {
            if change("route", route, verb: "restore", { try routing.add(route) }) == true {
                logger.notice("(\(name)) route \(route) was missing (\(reason)); added it again")
            }
        }
        if restored { announce(count: router.configuration.announcementCount, addresses: instance.managedAddresses) }
    }

    public func start(now: Instant) {
        handle(.startup, now: now)
    }

    /// Shutdown; `handingOver`: an Active router keeps its addresses until another router has taken
    /// over (or `router.handoverBound` passes), make-before-break. Calling it again while the
    /// addresses are held releases them at once.
    public func stop(now: Instant, handingOver: Bool = false) {
        handle(handingOver ? .shutdownAfterHandover : .shutdown, now: now)
    }

    /// Still holds addresses after resigning (a planned stop, or maintenance).
    public var isHandingOver: Bool { router.isHandingOver }
    public var isInMaintenance: Bool { router.isInMaintenance }

    /// `keepvip handover` and `--cancel`.
    public func setMaintenance(_ isOn: Bool, now: Instant) {
        handle(.maintenance(isOn), now: now)
    }

    /// The trackers' verdict: FAULT and the effective priority.
    public func updateHealth(_ health: RouterHealth, now: Instant) {
        handle(.health(health), now: now)
    }

    /// A transition the instance's sync group forces.
    public func follow(_ directive: SyncGroupDirective, now: Instant) {
        handle(.syncGroup(directive), now: now)
    }

    /// First half of a reload: an Active router takes off the rules, routes and addresses that `new`
    /// no longer has (rules first, addresses last). Every changed instance of a reload does this before
    /// any does `reconfigure`, so an address that moves to another instance is added after it left.
    public func releaseDropped(by new: InstanceConfiguration) {
        guard router.state == .active else { return }
        let dropped = ManagedItems(instance).subtracting(ManagedItems(new))
        guard !dropped.isEmpty else { return }
        logger.info("(\(name)) reload: removing \(dropped.summary)")
        remove(dropped)
    }

    /// Second half of a reload: the new configuration (same VRID, family and interface; the name may
    /// differ) and the trackers' verdict under it. State, timers and counters are kept; the router
    /// decides what the change means for the protocol.
    public func reconfigure(to new: InstanceConfiguration, primaryAddress: IPAddress, health: RouterHealth, now: Instant) {
        let old = instance
        let configuration = VirtualRouterConfiguration(instance: new, primaryAddress: primaryAddress)
        instance = new
        if new.name != old.name { logger = logger.forInstance(new.name) }
        check = ReceiveCheck(configuration: configuration, lastAcceptedSource: check.lastAcceptedSource)
        template = configuration.advertisement
        prepared = nil
        handle(.reconfigure(configuration, health: health), now: now, replacing: old)
    }

    public func timersDue(now: Instant) {
        if let deadline = router.nextDeadline, deadline <= now {
            handle(.timersDue, now: now)
        }
        if let deadline = dropLog.nextSummaryDeadline, deadline <= now {
            for (reason, count, since) in dropLog.dueSummaries(now: now) {
                logger.warning("(\(name)) dropped \(count) more advert\(count == 1 ? "" : "s") as \(reason) in the last \((now - since).secondsDescription) s [\(reason) drops: \(drops[reason])]")
            }
            onDeadlineChange?(self)
        }
    }

    /// Checks a packet addressed to this instance's VRID and acts on it, or counts and logs the drop.
    public func receive(_ packet: ReceivedPacket, now: Instant) {
        switch check.receive(packet) {
        case .success(let accepted):
            counters.recordAccepted(accepted.advertisement)
            // RFC9568-7.1-10: a VRRPv3 interval that differs from ours is logged, rate-limited per source.
            if !accepted.intervalMatches, intervalLog.permit(0, now: now).allowed {
                logger.warning("(\(name)) advert from \(packet.source) has interval \(accepted.advertisement.intervalCentiseconds) cs, ours \(router.configuration.advertisementIntervalCentiseconds) cs; accepted")
            }
            handle(.advertisement(accepted.advertisement, source: packet.source), now: now)
        case .failure(let rejected):
            // RFC9568-7.1-8: a packet that fails any check never reaches the state machine.
            recordDrop(rejected.reason, source: packet.source, detail: rejected.detail, now: now)
        }
    }

    /// Counts a discarded packet and logs at most one line per reason per second.
    /// RFC9568-7.1-9: every discard is logged, rate-limited, and counted under its `DropReason`.
    public func recordDrop(_ reason: DropReason, source: IPAddress, detail: String, now: Instant) {
        counters.recordDrop(reason)
        let permit = dropLog.permit(reason, now: now)
        defer { onDeadlineChange?(self) }
        guard permit.allowed else { return }
        let held = permit.suppressed > 0 ? " (\(permit.suppressed) more since the last report)" : ""
        logger.warning("(\(name)) dropped advert from \(source): \(detail) [\(reason) drops: \(drops[reason])]\(held)")
    }

    /// Hands `event` to the router and performs what it returns.
    /// - Parameter old: the configuration a reload replaces, for `.reconcileVirtualAddresses`.
    private func handle(_ event: RouterEvent, now: Instant, replacing old: InstanceConfiguration? = nil) {
        // An event handled while another one's actions run (from a callback) gets storage of its own.
        var actions = actionBuffer
        actionBuffer = []
        actions.removeAll(keepingCapacity: true)
        router.handle(event, now: now, into: &actions)
        perform(actions, now: now, replacing: old)
        actionBuffer = actions
    }

    private func perform(_ actions: [RouterAction], now: Instant, replacing old: InstanceConfiguration?) {
        counters.record(actions)
        var transitions: [(RouterState, RouterState)] = []
        defer {
            onDeadlineChange?(self)
            for (from, to) in transitions { onTransition?(from, to, router.effectivePriority) }
        }
        for action in actions {
            switch action {
            case .sendAdvertisement(let priority):
                sendAdvertisement(priority: priority, now: now)
            case .addVirtualAddresses:
                logger.info("(\(name)) setting VIPs.")
                add(ManagedItems(instance))
            case .removeVirtualAddresses:
                logger.info("(\(name)) removing VIPs.")
                remove(ManagedItems(instance))
            case .reconcileVirtualAddresses(let count):
                // `releaseDropped` took off what the new configuration dropped; add what it brings.
                guard let old else { break }
                let added = ManagedItems(instance).subtracting(ManagedItems(old))
                guard !added.isEmpty else { break }
                logger.info("(\(name)) reload: adding \(added.summary)")
                add(added)
                announce(count: count, addresses: added.addresses)
            case .announceVirtualAddresses(let count):
                announce(count: count, addresses: instance.managedAddresses)
            case .changeState(let from, let to, let reason):
                logTransition(from: from, to: to, reason: reason)
                lastTransition = Transition(from: from, to: to, reason: reason, at: now)
                transitions.append((from, to))
            case .report(let report):
                log(report)
                if case .activeReceivedLowerPriority = report { onLowerPriorityHeard?(router.effectivePriority) }
            }
        }
    }

    /// Addresses first, then routes (one may name a VIP as its source), then rules.
    private func add(_ items: ManagedItems) {
        for address in items.addresses {
            apply("VIP", address, adding: true) { try addresses.add(address, interface: instance.interface) }
        }
        for route in items.routes { apply("route", route, adding: true) { try routing.add(route) } }
        for rule in items.rules { apply("rule", rule, adding: true) { try routing.add(rule) } }
    }

    /// The reverse of `add`: rules, routes, then addresses.
    private func remove(_ items: ManagedItems) {
        for rule in items.rules { apply("rule", rule, adding: false) { try routing.remove(rule) } }
        for route in items.routes { apply("route", route, adding: false) { try routing.remove(route) } }
        for address in items.addresses {
            apply("VIP", address, adding: false) { try addresses.remove(address, interface: instance.interface) }
        }
    }

    /// RFC9568-7.2-1: the fields come from the configuration (and the priority the state machine asks
    /// for); the checksum is computed over the scope the version and family call for.
    private func sendAdvertisement(priority: UInt8, now: Instant) {
        let messages: [(destination: IPAddress, bytes: [UInt8])]
        if let prepared, prepared.priority == priority {
            messages = prepared.messages
        } else {
            messages = encodedAdvertisements(priority: priority)
            prepared = (priority, messages)
        }
        for (destination, message) in messages {
            do {
                try transport.send(message, to: destination)
            } catch {
                counters.recordSendError()
                // A link that is down fails every send: one line a second is enough.
                let permit = sendFailureLog.permit(destination, now: now)
                if permit.allowed {
                    let held = permit.suppressed > 0 ? " (\(permit.suppressed) more since the last report)" : ""
                    logger.error("(\(name)) cannot send advert to \(destination): \(error)\(held)")
                }
            }
        }
    }

    /// One message per destination, each with the checksum its scope calls for.
    private func encodedAdvertisements(priority: UInt8) -> [(destination: IPAddress, bytes: [UInt8])] {
        var advertisement = template
        advertisement.priority = priority
        let configuration = router.configuration
        let destinations: [IPAddress] = switch configuration.delivery {
        case .unicast(let peers): peers
        // RFC9568-7.2-4: adverts go to the VRRP group of the family (unicast_peer is keepalived's extension).
        case .multicast: [configuration.multicastGroup]
        }
        return destinations.map { destination in
            let scope = configuration.checksumScope(source: configuration.primaryAddress, destination: destination)
            return (destination, advertisement.encoded(checksum: scope))
        }
    }

    /// Adds or removes one VIP, route or rule; "already there" / "already gone" is only worth a debug line.
    private func apply(_ kind: String, _ item: some CustomStringConvertible, adding: Bool, _ operation: () throws -> Bool) {
        if change(kind, item, verb: adding ? "add" : "remove", operation) == false {
            logger.debug("(\(name)) \(kind) \(item) was already \(adding ? "present" : "absent")")
        }
    }

    /// Runs one kernel change, logging a failure as `cannot VERB KIND ITEM: error`.
    /// - Returns: whether it changed anything, or nil when it failed.
    private func change(_ kind: String, _ item: some CustomStringConvertible, verb: String, _ operation: () throws -> Bool) -> Bool? {
        do {
            return try operation()
        } catch {
            counters.recordKernelError()
            logger.error("(\(name)) cannot \(verb) \(kind) \(item): \(error)")
            return nil
        }
    }

    private func announce(count: Int, addresses list: [VirtualAddress]) {
        let grouped = Dictionary(grouping: list) { AnnouncementGroup($0, instanceInterface: instance.interface) }
        for (group, list) in grouped.sorted(by: { $0.key < $1.key }) {
            logger.info("(\(name)) Sending/queueing \(group.kind) on \(group.interface) for \(list.map { $0.address.description }.joined(separator: ", "))")
        }
        for _ in 0..<count {
            for address in list {
                do {
                    try announcer.announce(address, interface: instance.interface)
                    counters.recordAnnouncement()
                } catch {
                    counters.recordSendError()
                    logger.error("(\(name)) cannot announce \(address.address): \(error)")
                }
            }
        }
    }

    private func logTransition(from: RouterState, to: RouterState, reason: TransitionReason) {
        var metadata: Logger.Metadata = ["vrrp_state": "\(to)", "vrrp_priority": "\(router.effectivePriority)"]
        if case .preempted(let source, _) = reason { metadata["vrrp_peer"] = "\(source)" }
        switch (to, reason) {
        case (.backup, .startup):
            logger.info("(\(name)) Entering BACKUP STATE (init)", metadata: metadata)
        case (.backup, _):
            logger.info("(\(name)) Entering BACKUP STATE", metadata: metadata)
        case (.active, _):
            logger.info("(\(name)) Entering MASTER STATE", metadata: metadata)
        case (.fault, _):
            logger.info("(\(name)) Entering FAULT STATE", metadata: metadata)
        case (.initialize, _):
            logger.info("(\(name)) Stopped in \(from) state", metadata: metadata)
        }
    }

    private func log(_ report: RouterReport) {
        var logger = logger
        switch report {
        case .activeReceivedHigherPriority(let source, let priority, _), .activeReceivedLowerPriority(let source, let priority),
             .lowerPriorityDiscarded(let source, let priority), .preemptionDelayed(let source, let priority, _):
            logger[metadataKey: "vrrp_peer"] = "\(source)"
            logger[metadataKey: "vrrp_peer_priority"] = "\(priority)"
        case .backupReceivedPriorityZero(let source), .activeReceivedPriorityZero(let source):
            logger[metadataKey: "vrrp_peer"] = "\(source)"
            logger[metadataKey: "vrrp_peer_priority"] = "0"
        case .handedOver(let source):
            logger[metadataKey: "vrrp_peer"] = "\(source)"
        case .receiveTimeout, .sentPriorityZero, .priorityChanged, .handoverUnanswered, .handoverRefusedByPeers:
            break
        }
        switch report {
        case .receiveTimeout:
            logger.info("(\(name)) Receive advertisement timeout")
        case .activeReceivedHigherPriority(let source, let priority, let ours):
            logger.info("(\(name)) Master received advert from \(source) with higher priority \(priority), ours \(ours)")
        case .backupReceivedPriorityZero:
            logger.info("(\(name)) Backup received priority 0 advertisement")
        case .activeReceivedPriorityZero(let source):
            logger.info("(\(name)) Master received priority 0 advertisement from \(source); answering at once")
        case .activeReceivedLowerPriority(let source, let priority):
            logger.info("(\(name)) Master received advert from \(source) with lower priority \(priority), ours \(router.effectivePriority)")
        case .lowerPriorityDiscarded(let source, let priority):
            logger.info("(\(name)) received lower priority (\(priority)) advert from \(source) - discarding")
        case .preemptionDelayed(let source, let priority, _):
            logger.info("(\(name)) lower priority (\(priority)) advert from \(source); preempt_delay holds preemption back")
        case .sentPriorityZero:
            logger.info("(\(name)) sent 0 priority")
        case .priorityChanged(let from, let to):
            logger.info("(\(name)) Changing effective priority from \(from) to \(to)")
        case .handedOver(let source):
            logger.info("(\(name)) \(source) took over; releasing the VIPs held for the handover")
        case .handoverUnanswered:
            logger.warning("(\(name)) no router took over within \(router.handoverBound.secondsDescription) s of priority 0; releasing the VIPs")
        case .handoverRefusedByPeers:
            logger.warning("(\(name)) no router took over from this one in maintenance; serving the VIPs again at priority 1")
        }
    }
}

extension Logger {
    /// This logger with `vrrp_instance` set: the journal's `VRRP_INSTANCE=` field.
    func forInstance(_ name: String) -> Logger {
        var logger = self
        logger[metadataKey: "vrrp_instance"] = "\(name)"
        return logger
    }
}

/// The addresses one log line announces: those on one interface, of one family.
private struct AnnouncementGroup: Hashable, Comparable {
    var interface: String
    var isIPv6: Bool

    init(_ address: VirtualAddress, instanceInterface: String) {
        interface = address.device ?? instanceInterface
        isIPv6 = address.address.family == .ipv6
    }

    var kind: String { isIPv6 ? "unsolicited neighbour advertisements" : "gratuitous ARPs" }

    static func < (a: Self, b: Self) -> Bool { (a.interface, a.isIPv6 ? 1 : 0) < (b.interface, b.isIPv6 ? 1 : 0) }
}
