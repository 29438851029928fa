import Glibc
import KeepvipConfig
import KeepvipLinux
import Logging
import VRRPCore

/// The Linux daemon: one epoll loop over the VRRP sockets, rtnetlink link events, the timer and
/// the signals. Single-threaded, so capabilities can be dropped for the whole process at start.
public final class Daemon {
    private let configuration: Configuration
    private let options: DaemonOptions
    private let logger: Logger
    private let lifecycle = Lifecycle()
    private var loop: EventLoop!
    private var addresses: LinuxAddressManager!
    private var announcer: LinuxAnnouncer!
    private let routing = LinuxRouteManager()
    private var channels: [AdvertChannel.Key: AdvertChannel] = [:]
    private var runners: [VirtualRouterRunner] = []
    /// Instances whose interface is missing: started when a link event shows it.
    private var waiting: [InstanceConfiguration] = []
    private var stopping = false
    private var stopped = false
    /// While stopping: when to give up waiting for notify_stop scripts.
    private var stopDeadline: Instant?
    // Health tracking and notifications (keepalived's vrrp_script, track_*, vrrp_sync_group, notify).
    private var executor: ScriptExecutor!
    private var scriptMonitor: ScriptMonitor?
    private var fileMonitor: FileMonitor?
    private var health: HealthTracker!
    private var groups: SyncGroupCoordinator!
    private var notifier: Notifier!
    /// Each running instance's last FAULT verdict from its own trackers.
    private var faultVerdicts: [String: Bool] = [:]
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
            logger.critical("event loop failed: \(error)")
            shutDown()
            return 1
        }
        return 0
    }

    private func startServices() throws {
        // Only CAP_NET_ADMIN (addresses) and CAP_NET_RAW (VRRP and ARP sockets) are kept; there is no
        // other thread yet, so the whole process loses the rest. A configuration with scripts also
        // keeps what running them as script_user takes (CAP_SETUID, CAP_SETGID, CAP_KILL), and leaves
        // the bounding set alone: a script that runs as root gets root's full powers, as with
        // keepalived (systemd's CapabilityBoundingSet still applies).
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

    /// Scripts, track files, sync groups and notifications. Stopped in reverse order by the lifecycle.
    private func startTracking(loop: EventLoop) throws {
        executor = ScriptExecutor(loop: loop, logger: logger)
        executor.afterEachExit = { [unowned self] in rearm() }
        lifecycle.started("scripts") { [unowned self] in executor.stopAll() }
        let globals = configuration.globals
        let policy = ScriptPolicy(scriptUser: globals.scriptUser.map { ($0, globals.scriptGroup) },
                                  enableScriptSecurity: globals.enablesScriptSecurity)
        if configuration.runsScripts, let warning = policy.rootFallbackWarning {
            logger.warning("\(warning)")
        }
        var fifos: [NotifyFIFOWriter] = []
        for fifo in [globals.notifyFIFO, globals.vrrpNotifyFIFO].compactMap({ $0 }) {
            do {
                let writer = try NotifyFIFOWriter(path: fifo.path)
                fifos.append(writer)
                lifecycle.started("notify FIFO \(fifo.path)") { writer.removeIfCreated() }
                if let script = fifo.script {
                    startFIFOScript(script, fifo: fifo.path, policy: policy)
                }
            } catch {
                logger.error("notify FIFO \(fifo.path): \(error); FIFO notifications are not written")
            }
        }
        notifier = Notifier(policy: policy, executor: executor, fifos: fifos, logger: logger, clock: MonotonicClock.now)
        let bindings = configuration.instances.flatMap { $0.trackerBindings(in: configuration) }.map(\.source)
        let scripts = configuration.scripts.filter { bindings.contains(.script($0.name)) }
        if !scripts.isEmpty {
            scriptMonitor = ScriptMonitor(scripts: scripts, policy: policy, executor: executor, logger: logger,
                                          clock: MonotonicClock.now)
        }
        let files = configuration.trackFiles.filter { bindings.contains(.file($0.name)) }
        if !files.isEmpty {
            let monitor = try FileMonitor(files: files, logger: logger)
            fileMonitor = monitor
            try loop.register(monitor.watch.descriptor) { [unowned self] in
                monitor.changed()
                rearm()
            }
            lifecycle.started("track files") { loop.unregister(monitor.watch.descriptor) }
        }
        health = HealthTracker(scripts: scriptMonitor, files: fileMonitor, logger: logger)
        health.onChange = { [unowned self] runner in refreshHealth(of: runner) }
        groups = SyncGroupCoordinator(groups: configuration.syncGroups)
        groups.onGroupTransition = { [unowned self] group, state in
            notifier.transition(of: .group(group.name), to: state, priority: 0, scripts: group.notify)
        }
    }

    /// keepalived's `notify_fifo_script`: started once with the FIFO's path as its last argument,
    /// killed when keepvipd stops.
    private func startFIFOScript(_ script: ScriptCommand, fifo: String, policy: ScriptPolicy) {
        switch policy.resolve(script.arguments + [fifo], user: script.user.map { ($0, script.group) }) {
        case .failure(let refusal):
            logger.error("notify FIFO \(fifo): \(refusal)")
        case .success(let resolved):
            executor.run(resolved) { [unowned self] outcome in
                if !stopping { logger.warning("notify FIFO script '\(resolved.name)' \(outcome)") }
            }
        }
    }

    /// RFC 9568 §6.1 Accept_Mode: an instance with `no_accept` that does not own its addresses must
    /// not accept packets addressed to them; nftables drops them on input (ARP and neighbour
    /// discovery still pass). keepalived's default, `accept`, needs nothing. A filter that cannot
    /// be installed stops the start: silently accepting would be the opposite of what was asked.
    private func enforceNoAccept() throws {
        let refused = configuration.instances
            .filter { $0.acceptMode == false && $0.priority != 255 }
            .flatMap { $0.managedAddresses.map(\.address) }
        guard !refused.isEmpty else { return }
        let filter = try PacketFilter()
        lifecycle.started("no_accept filter") { filter.close() }
        try filter.refuseDelivery(to: refused)
        logger.info("no_accept: packets addressed to \(refused.map(\.description).joined(separator: ", ")) are dropped on input (nftables table inet \(PacketFilter.tableName))")
    }

    /// Much of the code runs once — the configuration parser and netlink dumps at start-up, the
    /// transition path at a takeover — and the steady loop never touches it again: let the kernel
    /// take those pages out of the resident set. What the loop does use faults back in. The kernel
    /// skips pages another process maps too (a second keepvipd on the same machine), so this is done
    /// right after start-up as well as after things settle.
    private func releaseRunOnceCode() {
        do {
            try ProcessMemory.releaseProgramText()
        } catch {
            logger.debug("cannot release code pages: \(error)")
        }
    }

    // MARK: Instances

    private func activate(_ instance: InstanceConfiguration) {
        guard let interfaceIndex = NetworkInterface.index(named: instance.interface) else {
            logger.warning("(\(instance.name)) interface \(instance.interface) does not exist; instance held out of service until it appears")
            waiting.append(instance)
            return
        }
        guard let primary = primaryAddress(of: instance, interfaceIndex: interfaceIndex) else {
            let kind = instance.family == .ipv4 ? "IPv4 address" : "usable IPv6 link-local address"
            logger.warning("(\(instance.name)) interface \(instance.interface) has no \(kind) yet; instance held out of service until it has one")
            waiting.append(instance)
            return
        }
        let runner: VirtualRouterRunner
        do {
            let key = AdvertChannel.Key(interfaceIndex: interfaceIndex, family: instance.family)
            let channel = try channels[key] ?? openChannel(key, interface: instance.interface)
            runner = VirtualRouterRunner(
                instance: instance, primaryAddress: primary, transport: channel.transport(from: primary),
                addresses: addresses, routing: routing, announcer: announcer, logger: logger
            )
            try channel.attach(runner)
        } catch {
            logger.error("(\(instance.name)) cannot open the VRRP socket on \(instance.interface): \(error); instance held out of service")
            return
        }
        runners.append(runner)
        runner.removeLeftoverAddresses()
        runner.onTransition = { [unowned self, unowned runner] from, to, priority in
            transitioned(runner, from: from, to: to, priority: priority)
        }
        runner.onLowerPriorityHeard = { [unowned self, unowned runner] priority in
            notifier.activeReceivedLowerPriority(of: .instance(runner.name), priority: priority, scripts: runner.instance.notify)
        }
        groups.add(runner)
        let verdict = health.attach(runner, bindings: instance.trackerBindings(in: configuration),
                                    sourceAddress: primary, interfaceIndex: interfaceIndex)
        let now = MonotonicClock.now()
        faultVerdicts[instance.name] = verdict.isFaulted
        runner.updateHealth(verdict, now: now)
        runner.start(now: now)
        if verdict.isFaulted { groups.healthChanged(of: instance.name, isFaulted: true, now: now) }
    }

    /// The runner's trackers changed: give its router the new verdict, and its sync group a FAULT change.
    private func refreshHealth(of runner: VirtualRouterRunner) {
        guard !stopping, let verdict = health.health(of: runner) else { return }
        let now = MonotonicClock.now()
        runner.updateHealth(verdict, now: now)
        if faultVerdicts[runner.name] != verdict.isFaulted {
            faultVerdicts[runner.name] = verdict.isFaulted
            groups.healthChanged(of: runner.name, isFaulted: verdict.isFaulted, now: now)
        }
    }

    private func transitioned(_ runner: VirtualRouterRunner, from: RouterState, to: RouterState, priority: UInt8) {
        notifier.transition(of: .instance(runner.name), to: to, priority: priority, scripts: runner.instance.notify)
        if !stopping { groups.transitioned(runner.name, to: to, now: MonotonicClock.now()) }
    }

    /// The address adverts leave from: `unicast_src_ip` or `mcast_src_ip` when set, else the
    /// interface's first IPv4 address, or for IPv6 its link-local address (RFC 9568 §5.1.2.1).
    private func primaryAddress(of instance: InstanceConfiguration, interfaceIndex: Int32) -> IPAddress? {
        if let configured = instance.unicastSourceAddress ?? instance.multicastSourceAddress {
            return configured
        }
        switch instance.family {
        case .ipv4:
            return (try? NetworkInterface.ipv4Addresses(interfaceIndex: interfaceIndex))?.first.map { .v4($0.address) }
        case .ipv6:
            return (try? NetworkInterface.linkLocalIPv6Address(interfaceIndex: interfaceIndex)).map { .v6($0) }
        }
    }

    private func openChannel(_ key: AdvertChannel.Key, interface: String) throws -> AdvertChannel {
        let channel = try AdvertChannel(key: key, interfaceName: interface, logger: logger)
        try loop.register(channel.socket.fileDescriptor) { [unowned self, unowned channel] in
            channel.drain(now: MonotonicClock.now)
            rearm()
        }
        channels[key] = channel
        return channel
    }

    /// Links and addresses come and go: an Active router puts back virtual addresses the kernel or
    /// someone else removed (a link going down flushes IPv6 addresses), and instances waiting for
    /// their interface or address are retried.
    private func linkEvents(_ events: [LinkMonitor.Event]) {
        guard !stopping, !events.isEmpty else { return }
        for event in events {
            switch event {
            case .link(let link):
                health.linkChanged(link)
                if link.isUp { reassertAddresses(onInterface: link.name, reason: "\(link.name) is up") }
            case .address(let change):
                health.addressChanged(change)
                if change.kind == .removed {
                    let name = NetworkInterface.name(ofIndex: change.interfaceIndex) ?? ""
                    reassertAddresses(onInterface: name, reason: "\(change.address) was removed from \(name)")
                }
            case .overrun:
                health.resynchronize()
                for runner in runners { runner.reassertVirtualAddresses(reason: "netlink events were lost") }
            }
        }
        defer { rearm() }
        guard !waiting.isEmpty else { return }
        let ready = waiting
        waiting.removeAll()
        for instance in ready {
            if NetworkInterface.index(named: instance.interface) != nil {
                logger.info("(\(instance.name)) interface \(instance.interface) is present; starting")
            }
            activate(instance)
        }
    }

    private func reassertAddresses(onInterface name: String, reason: String) {
        for runner in runners where runner.instance.interface == name
            || runner.instance.managedAddresses.contains(where: { $0.device == name }) {
            runner.reassertVirtualAddresses(reason: reason)
        }
    }

    // MARK: Time

    private func fireTimers() {
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

    private func rearm() {
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
        loop.setWakeUp(at: deadlines.min())
    }

    // MARK: Stopping

    private func handle(signal: Int32) {
        switch signal {
        case SIGHUP:
            logger.notice("SIGHUP: configuration reload is not supported yet; keeping the running configuration")
        case SIGUSR2:
            logStatistics()
        default:
            logger.info("Stopping")
            shutDown()
            logger.info("Stopped")
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
    }
}
