import Glibc
import KeepvipConfig
import KeepvipLinux
import Logging
import VRRPCore

/// The Linux daemon: one epoll loop over the VRRP sockets, rtnetlink link events, the timer and
/// the signals. Single-threaded, so capabilities can be dropped for the whole process at start.
///
/// Start-up and stop are here; the instances in `Daemon+Instances.swift`, scripts, files, sync groups
/// and notifications in `Daemon+Tracking.swift`, SIGHUP in `Daemon+Reload.swift`.
public final class Daemon {
    /// The configuration running now; a reload replaces it as a whole or not at all.
    var configuration: Configuration
    /// When `configuration` was loaded, for the line that refuses a reload.
    var loadedAt = WallClock.timestamp()
    let options: DaemonOptions
    let logger: Logger
    let lifecycle = Lifecycle()
    var loop: EventLoop!
    var addresses: LinuxAddressManager!
    var announcer: LinuxAnnouncer!
    let routing = LinuxRouteManager()
    var channels: [AdvertChannel.Key: AdvertChannel] = [:]
    var runners: [VirtualRouterRunner] = []
    /// Instances whose interface is missing: started when a link event shows it.
    var waiting: [InstanceConfiguration] = []
    var stopping = false
    private var stopped = false
    /// While stopping: when to give up waiting for notify_stop scripts.
    private var stopDeadline: Instant?
    /// SIGHUPs that arrived in this turn of the loop: one reload serves them all.
    var reloadRequested = false
    // Health tracking and notifications (keepalived's vrrp_script, track_*, vrrp_sync_group, notify).
    var executor: ScriptExecutor!
    var policy: ScriptPolicy!
    var scriptMonitor: ScriptMonitor?
    var fileMonitor: FileMonitor?
    var health: HealthTracker!
    var groups: SyncGroupCoordinator!
    var notifier: Notifier!
    var fifos: NotifyFIFOs!
    var noAcceptFilter: PacketFilter?
    /// Each running instance's last FAULT verdict from its own trackers.
    var faultVerdicts: [ObjectIdentifier: Bool] = [:]
    /// When to hand code that ran once back to the kernel: a few seconds after start-up and after
    /// each transition, once things have settled.
    private var memoryReleaseAt: Instant?
    private var lastStates: [RouterState] = []
    private static let settleTime: Duration = .seconds(5)

    public init(configuration: Configuration, options: DaemonOptions, logger: Logger) {
        self.configuration = configuration
        self.options = options
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public func run() -> Int32 {
        do {
            try startServices()
        } catch {
            logger.critical("cannot start: \(error)")
            lifecycle.shutDown()
            return 1
        }
        for instance in configuration.instances {
            activate(instance)
        }
        rearm()
        releaseRunOnceCode()
        do {
            try loop.run()
        } catch {
            // Notifications cannot run without the loop: release everything now.
            logger.critical("event loop failed: \(error)")
            finishStopping()
            return 1
        }
        return 0
    }

    private func startServices() throws {
        // Only CAP_NET_ADMIN (addresses) and CAP_NET_RAW (VRRP and ARP sockets) are kept; there is no
        // other thread yet, so the whole process loses the rest. A configuration with scripts also
        // keeps what running them as script_user takes (CAP_SETUID, CAP_SETGID, CAP_KILL), and leaves
        // the bounding set alone: a script that runs as root gets root's full powers, as with
        // keepalived (systemd's CapabilityBoundingSet still applies). A reload cannot win them back.
        if configuration.runsScripts {
            try Capabilities.restrict(to: [.netAdmin, .netRaw, .setuid, .setgid, .kill], keepingBoundingSet: true)
        } else {
            try Capabilities.restrict(to: [.netAdmin, .netRaw])
        }
        if let path = options.pidFile {
            try PIDFile.write(path: path)
            lifecycle.started("pid file") { PIDFile.remove(path: path) }
        }
        let loop = try EventLoop()
        self.loop = loop
        loop.onWakeUp = { [unowned self] in fireTimers() }
        try loop.handleSignals([SIGTERM, SIGINT, SIGHUP, SIGUSR2]) { [unowned self] signal in handle(signal: signal) }
        addresses = try LinuxAddressManager()
        announcer = LinuxAnnouncer()
        lifecycle.started("announcers") { [unowned self] in announcer.close() }
        lifecycle.started("routing") { [unowned self] in routing.close() }
        try enforceNoAccept()
        try startTracking(loop: loop)
        let monitor = try LinkMonitor()
        try loop.register(monitor.fileDescriptor) { [unowned self] in
            do {
                linkEvents(try monitor.drain())
            } catch {
                logger.error("reading netlink events: \(error)")
            }
        }
        lifecycle.started("link monitor") {
            loop.unregister(monitor.fileDescriptor)
            monitor.close()
        }
        lifecycle.started("channels") { [unowned self] in
            for channel in channels.values {
                loop.unregister(channel.socket.fileDescriptor)
                channel.close()
            }
            channels.removeAll()
        }
        lifecycle.started("virtual routers") { [unowned self] in
            let now = MonotonicClock.now()
            for runner in runners.reversed() { runner.stop(now: now) }
        }
    }

    /// Much of the code runs once — the configuration parser and netlink dumps at start-up, the
    /// transition path at a takeover — and the steady loop never touches it again: let the kernel
    /// take those pages out of the resident set. What the loop does use faults back in. The kernel
    /// skips pages another process maps too (a second keepvipd on the same machine), so this is done
    /// right after start-up as well as after things settle.
    func releaseRunOnceCode() {
        do {
            try ProcessMemory.releaseProgramText()
        } catch {
            logger.debug("cannot release code pages: \(error)")
        }
    }

    // MARK: Time

    private func fireTimers() {
        if reloadRequested {
            reloadRequested = false
            reload()
        }
        let now = MonotonicClock.now()
        for runner in runners {
            runner.timersDue(now: now)
        }
        scriptMonitor?.timersDue(now: now)
        notifier.timersDue(now: now)
        if let releaseAt = memoryReleaseAt, releaseAt <= now {
            memoryReleaseAt = nil
            releaseRunOnceCode()
        }
        rearm()
    }

    func rearm() {
        if stopping {
            // Waiting for notify_stop scripts: done when they are, or at the deadline.
            let now = MonotonicClock.now()
            if notifier.isIdle || stopDeadline.map({ $0 <= now }) ?? true {
                finishStopping()
            } else {
                loop.setWakeUp(at: [notifier.nextDeadline, stopDeadline].compactMap { $0 }.min())
            }
            return
        }
        let states = runners.map(\.state)
        if states != lastStates {
            lastStates = states
            memoryReleaseAt = MonotonicClock.now() + Self.settleTime
        }
        let deadlines = runners.compactMap(\.nextDeadline)
            + [memoryReleaseAt, scriptMonitor?.nextDeadline, notifier.nextDeadline].compactMap { $0 }
            + (reloadRequested ? [MonotonicClock.now()] : [])
        loop.setWakeUp(at: deadlines.min())
    }

    // MARK: Signals

    private func handle(signal: Int32) {
        switch signal {
        case SIGHUP:
            // Served after the signals of this turn: ten SIGHUPs in a row are one reload.
            reloadRequested = true
            rearm()
        case SIGUSR2:
            logStatistics()
        default:
            logger.info("Stopping")
            shutDown()
        }
    }

    /// SIGUSR2 (keepalived's statistics signal): one line per instance with its state and drop counters.
    private func logStatistics() {
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

    // MARK: Stopping

    /// RFC 3768 §6.4.3: Masters resign with priority 0 and release their addresses; health scripts
    /// are killed; the loop keeps running until every notify_stop (and `notify … STOP`) has run, each
    /// within its timeout; then everything started closes in reverse order. A second signal does not
    /// wait for the notifications.
    private func shutDown() {
        guard !stopping else {
            finishStopping()
            return
        }
        stopping = true
        reloadRequested = false
        let now = MonotonicClock.now()
        for runner in runners.reversed() { runner.stop(now: now) }
        scriptMonitor?.stop()
        stopDeadline = now + Notifier.defaultTimeout + .seconds(1)
        rearm()
    }

    private func finishStopping() {
        guard !stopped else { return }
        stopped = true
        loop?.setWakeUp(at: nil)
        lifecycle.shutDown()
        loop?.stop()
        logger.info("Stopped")
    }
}
