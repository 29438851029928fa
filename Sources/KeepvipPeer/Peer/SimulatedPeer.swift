import VRRPCore

/// One simulated VRRP router following a scenario. Pure: the shell passes packets and the time in
/// and performs the outputs; it calls `wake(now:)` at `nextDeadline`.
///
/// The protocol is `VirtualRouter`'s, unchanged: the peer yields to a higher priority and takes over
/// on timeout. A stubborn peer (`yields == false`) just never shows its router the adverts that would
/// make it yield. The scenario acts around the router: it silences or corrupts what the router sends,
/// changes its priority, and checks who is Active.
public struct SimulatedPeer: Sendable {
    public let configuration: PeerConfiguration
    /// Its name in a scenario with several routers (output lines carry it); `nil` when alone.
    public let name: String?
    public private(set) var router: VirtualRouter
    private let steps: [ScenarioStep]
    private var nextStep = 0
    private let inspector: PacketInspector
    private var startTime: Instant?
    private var silent = false
    private var checksumsToCorrupt = 0
    private var tracker = ActiveRouterTracker()
    private var outputs: [PeerOutput] = []
    private var now = Instant.zero

    public private(set) var failedExpectations = 0
    /// True after `stop` (a step or a signal): the run is over.
    public private(set) var isFinished = false

    /// `steps` for other routers (`ScenarioStep.router`) are left out.
    public init(configuration: PeerConfiguration, steps: [ScenarioStep], name: String? = nil) {
        self.configuration = configuration
        self.name = name
        router = VirtualRouter(configuration: configuration.router)
        self.steps = steps.filter { $0.applies(to: name) }
        inspector = PacketInspector(router: configuration.router)
    }

    /// The earliest instant `wake(now:)` has work to do.
    public var nextDeadline: Instant? {
        guard let startTime, !isFinished else { return nil }
        let step = nextStep < steps.count ? startTime + steps[nextStep].time : nil
        return [step, router.nextDeadline].compactMap { $0 }.min()
    }

    public mutating func start(now: Instant) -> [PeerOutput] {
        begin(now)
        startTime = now
        perform(router.handle(.startup, now: now))
        return end()
    }

    /// Runs the steps that are due, then the router's timers.
    public mutating func wake(now: Instant) -> [PeerOutput] {
        begin(now)
        guard let startTime else { return end() }
        while !isFinished, nextStep < steps.count, startTime + steps[nextStep].time <= now {
            let step = steps[nextStep]
            nextStep += 1
            apply(step.action)
        }
        if !isFinished, let deadline = router.nextDeadline, deadline <= now {
            perform(router.handle(.timersDue, now: now))
        }
        return end()
    }

    public mutating func receive(_ packet: ReceivedPacket, now: Instant) -> [PeerOutput] {
        begin(now)
        let inspection = inspector.inspect(packet)
        report(.received(inspection))
        guard !isFinished, let advertisement = inspection.advertisement else { return end() }
        tracker.record(from: packet.source, priority: advertisement.priority, interval: advertisement.interval, at: now)
        if !configuration.yields, wouldWin(advertisement, from: packet.source) {
            report(.note("ignored priority \(advertisement.priority) from \(packet.source) (no-yield)"))
            return end()
        }
        perform(router.handle(.advertisement(advertisement, source: packet.source), now: now))
        return end()
    }

    /// Shuts down as the `stop` step does (for SIGINT / SIGTERM).
    public mutating func stop(now: Instant) -> [PeerOutput] {
        begin(now)
        if !isFinished { apply(.stop) }
        return end()
    }

    // MARK: Steps

    private mutating func apply(_ action: ScenarioStep.Action) {
        switch action {
        case .priority(let priority):
            report(.stepApplied(action))
            silent = false
            changePriority(to: priority)
        case .silent:
            report(.stepApplied(action))
            silent = true
        case .resume:
            report(.stepApplied(action))
            silent = false
        case .badChecksum(let count):
            report(.stepApplied(action))
            checksumsToCorrupt = count
        case .stop:
            report(.stepApplied(action))
            perform(router.handle(.shutdown, now: now))
            isFinished = true
        case .expectActive(let expected):
            let active = tracker.activeRouters(at: now)
            let passed = active == (expected.map { [$0] } ?? [])
            let actual = active.isEmpty ? "none" : active.map(\.description).joined(separator: ", ")
            expectation(action, actual: "master is \(actual)", passed: passed)
        case .expectState(let state):
            expectation(action, actual: "state is \(router.state)", passed: router.state == state)
        }
    }

    private mutating func expectation(_ action: ScenarioStep.Action, actual: String, passed: Bool) {
        if !passed { failedExpectations += 1 }
        report(.expectation(action, actual: actual, passed: passed))
    }

    /// `VirtualRouter` keeps its priority for life, so a new priority means a new router in the same state.
    /// 0 resigns: the protocol's Shutdown, sending priority 0 even when not Active (the operator asked for it).
    private mutating func changePriority(to priority: UInt8) {
        let previous = router.state
        if priority == 0 {
            if previous != .active { send(priority: 0) }
            perform(router.handle(.shutdown, now: now))
            return
        }
        var configuration = router.configuration
        configuration.priority = priority
        var next = VirtualRouter(configuration: configuration)
        let actions: [RouterAction]
        if previous == .active, priority != 255 {
            // Stay Active: start up one Active_Down_Interval ago, so the Backup timer is due now and the
            // router takes over at once — with every timer then counted from now.
            _ = next.handle(.startup, now: now - next.activeDownInterval)
            actions = next.handle(.timersDue, now: now)
        } else {
            actions = next.handle(.startup, now: now)
        }
        router = next
        // The transitions inside the new router are bookkeeping; report only a real change of state.
        perform(actions.filter { action in
            switch action {
            case .changeState, .report(.receiveTimeout): false
            default: true
            }
        })
        if router.state != previous {
            report(.stateChanged(from: previous, to: router.state, reason: "priority \(priority)"))
        }
    }

    // MARK: Router actions

    private mutating func perform(_ actions: [RouterAction]) {
        for action in actions {
            switch action {
            case .sendAdvertisement(let priority):
                send(priority: priority)
            case .changeState(let from, let to, let reason):
                report(.stateChanged(from: from, to: to, reason: Self.describe(reason)))
            case .report(let report):
                if let text = Self.describe(report) { self.report(.note(text)) }
            case .addVirtualAddresses, .removeVirtualAddresses, .reconcileVirtualAddresses, .announceVirtualAddresses:
                // A simulated router only advertises its addresses; it never configures them.
                break
            }
        }
    }

    private mutating func send(priority: UInt8) {
        let router = configuration.router
        guard !silent else { return }
        let advertisement = Advertisement(
            version: router.version, virtualRouterID: router.virtualRouterID, priority: priority,
            intervalCentiseconds: router.advertisementIntervalCentiseconds, addresses: router.virtualAddresses,
            authentication: router.authentication
        )
        let corrupt = checksumsToCorrupt > 0
        if corrupt { checksumsToCorrupt -= 1 }
        for destination in configuration.destinations {
            var message = advertisement.encoded(checksum: configuration.router.checksumScope(source: configuration.source, destination: destination))
            if corrupt {
                // Any change of the checksum field makes it wrong; this one keeps it non-zero.
                message[6] ^= 0x5A
                message[7] ^= 0xA5
            }
            outputs.append(.transmit(message, from: configuration.source, to: destination))
            report(.sent(advertisement, source: configuration.source, destination: destination, corruptedChecksum: corrupt))
        }
        if corrupt {
            tracker.forget(configuration.source)
        } else {
            tracker.record(from: configuration.source, priority: priority, interval: advertisement.interval, at: now)
        }
    }

    private func wouldWin(_ advertisement: Advertisement, from source: IPAddress) -> Bool {
        let ours = router.configuration.priority
        return advertisement.priority > ours || (advertisement.priority == ours && source > configuration.source)
    }

    // MARK: Output

    private mutating func begin(_ now: Instant) {
        self.now = now
        outputs = []
    }

    private mutating func end() -> [PeerOutput] {
        defer { outputs = [] }
        return outputs
    }

    private mutating func report(_ event: PeerEvent) {
        outputs.append(.report(TimedEvent(time: now - (startTime ?? now), event: event, router: name)))
    }

    private static func describe(_ reason: TransitionReason) -> String {
        switch reason {
        case .startup: "startup"
        case .activeDownTimerExpired: "timeout"
        case .preempted(let source, let priority): "preempted by \(source) priority \(priority)"
        case .shutdown: "shutdown"
        case .faulted: "fault"
        case .recovered: "recovered"
        case .syncGroup: "sync group"
        case .reconfigured: "reconfigured"
        case .maintenance: "maintenance"
        }
    }

    private static func describe(_ report: RouterReport) -> String? {
        switch report {
        case .receiveTimeout: "no advert for Active_Down_Interval"
        case .activeReceivedHigherPriority(let source, let priority, let ours): "\(source) has priority \(priority) > \(ours)"
        case .backupReceivedPriorityZero(let source): "\(source) resigned (priority 0): taking over after Skew_Time"
        case .activeReceivedPriorityZero(let source): "\(source) sent priority 0 while we are Active: answering"
        case .lowerPriorityDiscarded, .activeReceivedLowerPriority: nil // the recv line says enough
        case .preemptionDelayed(let source, let priority, _): "\(source) priority \(priority) accepted during preempt delay"
        case .sentPriorityZero: "resigned with priority 0"
        case .priorityChanged(let from, let to): "effective priority \(from) -> \(to)"
        case .handedOver(let source): "\(source) took over: addresses released"
        case .handoverUnanswered: "nobody took over: addresses released"
        case .handoverRefusedByPeers: "nobody took over: Active again"
        }
    }
}
