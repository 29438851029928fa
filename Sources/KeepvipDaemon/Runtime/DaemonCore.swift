import KeepvipConfig
import KeepvipLinux
import Logging
import VRRPCore

/// The daemon without its process: the configured instances, their trackers, sync groups and
/// notifications, reload and stop, on one thread, over a `DaemonHost`. The Linux `Daemon` runs it
/// in its event loop; the tests run it on an in-memory segment with virtual time.
///
/// Instances in `DaemonCore+Instances.swift`, trackers and notifications in
/// `DaemonCore+Tracking.swift`, reload in `DaemonCore+Reload.swift`.
public final class DaemonCore {
    /// The configuration running now; a reload replaces it as a whole or not at all.
    public internal(set) var configuration: Configuration
    /// When `configuration` was loaded (wall time), for the line that refuses a reload.
    var loadedAt: String
    let host: any DaemonHost
    let logger: Logger
    /// Reads the configuration again for a reload (the file the daemon started with).
    let load: () -> LoadResult
    /// Resources the core opened, released in reverse order when it has stopped.
    let lifecycle = Lifecycle()
    var channels: [AdvertChannel.Key: AdvertChannel] = [:]
    public internal(set) var runners: [VirtualRouterRunner] = []
    /// Each runner at its next deadline: a timer costs the same whatever the number of instances.
    var timers = DeadlineQueue<VirtualRouterRunner>()
    /// The runners due in this turn; its storage is kept from turn to turn.
    private var dueRunners: [VirtualRouterRunner] = []
    /// Instances whose interface (or its address) is missing: started when a link event shows it.
    public internal(set) var waiting: [InstanceConfiguration] = []
    public private(set) var isStopping = false
    private var stopped = false
    /// While stopping: when to give up waiting for notify_stop scripts.
    private var stopDeadline: Instant?
    /// A reload asked for in this turn (SIGHUPs): one reload serves them all, at the next `timersDue`.
    private var reloadRequested = false
    /// Who asked for that reload and waits for its result (`keepvip reload`).
    private var reloadWaiters: [(ReloadResult) -> Void] = []
    var policy: ScriptPolicy
    var scriptMonitor: ScriptMonitor?
    var fileValues: (any TrackFileValues)?
    var health: HealthTracker!
    var groups: SyncGroupCoordinator!
    var notifier: Notifier!
    var fifos: NotifyFIFOs!
    /// Each running instance's last FAULT verdict from its own trackers.
    var faultVerdicts: [ObjectIdentifier: Bool] = [:]
    /// What the daemon as a whole did; each runner counts its own instance.
    public let counters = DaemonCounters()
    /// A few seconds after start-up and after each transition, once nothing moved: `host.settled()`.
    private var settleDeadline: Instant?
    /// An instance changed state, came or went since the last `rearm`.
    var statusChanged = true
    private static let settleTime: Duration = .seconds(5)
    /// Instances in maintenance (`keepvip handover`), by name; kept by the host across restarts.
    var maintenance: Set<String> = []
    /// READY was reported: state changes are reported from then on.
    private var isReady = false
    /// Called once the core has stopped and released what it opened.
    public var onStopped: (() -> Void)?

    public init(configuration: Configuration, host: any DaemonHost, logger: Logger, loadedAt: String,
                load: @escaping () -> LoadResult) {
        self.configuration = configuration
        self.host = host
        self.logger = logger
        self.loadedAt = loadedAt
        self.load = load
        policy = Self.scriptPolicy(configuration.globals)
    }

    /// Starts every instance. Throws, with nothing left running, when the no_accept filter cannot be
    /// installed (silently accepting would be the opposite of what was asked).
    public func start() throws {
        maintenance = host.loadMaintenance()
        try enforceNoAccept()
        startTracking()
        for instance in configuration.instances {
            activate(instance)
        }
        rearm()
        isReady = true
        host.report(.ready(status: statusSummary))
    }

    /// `2 instances: 1 Active, 1 Backup` (and how many wait for their interface), for the service manager.
    public var statusSummary: String {
        let total = runners.count + waiting.count
        let names: [(RouterState, String)] = [(.active, "Active"), (.backup, "Backup"), (.fault, "Fault"), (.initialize, "stopped")]
        var parts = names.compactMap { state, name -> String? in
            let count = runners.count { $0.state == state }
            return count > 0 ? "\(count) \(name)" : nil
        }
        if !waiting.isEmpty { parts.append("\(waiting.count) waiting for their interface") }
        return "\(total) instance\(total == 1 ? "" : "s")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }

    private static let refusedWhileStopping = ReloadResult.refused("reload refused: keepvipd is stopping")

    /// Served at the next `timersDue()`: several requests in one turn are one reload, and each
    /// `completion` hears its result (a refusal when the daemon is stopping).
    public func requestReload(completion: ((ReloadResult) -> Void)? = nil) {
        guard !isStopping else {
            completion?(Self.refusedWhileStopping)
            return
        }
        if let completion { reloadWaiters.append(completion) }
        reloadRequested = true
        rearm()
    }

    // MARK: Time

    public func timersDue() {
        serveRouterTimers(now: host.now())
        if reloadRequested {
            reloadRequested = false
            let result = reload()
            let waiters = reloadWaiters
            reloadWaiters = []
            for waiter in waiters { waiter(result) }
        }
        let now = host.now()
        serveRouterTimers(now: now)
        scriptMonitor?.timersDue(now: now)
        notifier.timersDue(now: now)
        if let deadline = settleDeadline, deadline <= now {
            settleDeadline = nil
            host.settled()
        }
        rearm()
    }

    /// Adverts and announcements due by `now`. Each due runner is served once per call; it
    /// reschedules itself (`onDeadlineChange`).
    func serveRouterTimers(now: Instant) {
        while let runner = timers.popDue(now: now) { dueRunners.append(runner) }
        for runner in dueRunners { runner.timersDue(now: now) }
        dueRunners.removeAll(keepingCapacity: true)
        for channel in channels.values where channel.nextDeadline.map({ $0 <= now }) ?? false {
            channel.timersDue(now: now)
        }
    }

    func rearm() {
        let now = host.now()
        if isStopping {
            // Waiting for notify_stop scripts and for handovers: done when they are, or at the deadline.
            if notifier.isIdle && !runners.contains(where: \.isHandingOver) || stopDeadline.map({ $0 <= now }) ?? true {
                finishStopping()
            } else {
                host.setWakeUp(at: notifier.nextDeadline.earliest(stopDeadline).earliest(timers.nextDeadline))
            }
            return
        }
        if statusChanged {
            statusChanged = false
            settleDeadline = now + Self.settleTime
            if isReady { host.report(.status(statusSummary)) }
        }
        let deadline = channels.values.reduce(timers.nextDeadline) { $0.earliest($1.nextDeadline) }
            .earliest(settleDeadline).earliest(scriptMonitor?.nextDeadline).earliest(notifier.nextDeadline)
        host.setWakeUp(at: reloadRequested ? now : deadline)
    }

    // MARK: Stopping

    /// RFC 3768 §6.4.3: Active routers resign with priority 0 and release their addresses — once
    /// another router's advert shows it has taken over, make-before-break (`VirtualRouter+Handover`);
    /// health scripts are killed; the core keeps running until every notify_stop (and `notify …
    /// STOP`) has run, each within its timeout, and every handover is done; then what it opened
    /// closes in reverse order and `onStopped` runs. A second call, or `waitingForNotifications:
    /// false`, waits for neither: addresses still held are released at once.
    public func stop(waitingForNotifications: Bool = true) {
        guard !isStopping else {
            finishStopping()
            return
        }
        isStopping = true
        reloadRequested = false
        let waiters = reloadWaiters
        reloadWaiters = []
        for waiter in waiters { waiter(Self.refusedWhileStopping) }
        let longest = max(Notifier.defaultTimeout, runners.map(\.router.handoverBound).max() ?? .zero) + .seconds(1)
        host.report(.stopping(extendedBy: longest))
        let now = host.now()
        for runner in runners.reversed() { runner.stop(now: now, handingOver: waitingForNotifications) }
        scriptMonitor?.stop()
        stopDeadline = now + longest
        if waitingForNotifications { rearm() } else { finishStopping() }
    }

    private func finishStopping() {
        guard !stopped else { return }
        stopped = true
        let now = host.now()
        for runner in runners where runner.isHandingOver { runner.stop(now: now) }
        host.setWakeUp(at: nil)
        lifecycle.shutDown()
        onStopped?()
    }

    // MARK: Statistics

    /// SIGUSR2 (keepalived's statistics signal): one line per instance with its state and drop counters.
    public func logStatistics() {
        for runner in runners {
            let drops = runner.drops.counts.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            logger.notice("(\(runner.name)) state \(runner.state), dropped adverts: \(drops.isEmpty ? "none" : drops)")
        }
        for instance in waiting {
            logger.notice("(\(instance.name)) held out of service: waiting for interface \(instance.interface)")
        }
        for channel in channels.values where channel.unknownVRIDCount > 0 {
            logger.notice("\(channel.socket.interfaceName): adverts for VRIDs not configured here: \(channel.unknownVRIDCount)")
        }
    }
}
