import KeepvipConfig
import KeepvipLinux
import VRRPCore

/// Scripts, track files, sync groups, notifications and the no_accept filter: started with the
/// daemon, and brought to a new configuration by a reload.
extension Daemon {
    /// Started in order, stopped in reverse by the lifecycle.
    func startTracking(loop: EventLoop) throws {
        executor = ScriptExecutor(loop: loop, logger: logger)
        executor.afterEachExit = { [unowned self] in rearm() }
        lifecycle.started("scripts") { [unowned self] in executor.stopAll() }
        policy = Self.scriptPolicy(configuration.globals)
        if configuration.runsScripts, let warning = policy.rootFallbackWarning {
            logger.warning("\(warning)")
        }
        fifos = NotifyFIFOs(configuration.globals.fifos, policy: policy, executor: executor, logger: logger)
        lifecycle.started("notify FIFOs") { [unowned self] in fifos.close() }
        notifier = Notifier(policy: policy, executor: executor, fifos: fifos.writers, logger: logger, clock: MonotonicClock.now)
        health = HealthTracker(scripts: nil, files: nil, logger: logger)
        health.onChange = { [unowned self] runner in refreshHealth(of: runner) }
        lifecycle.started("track files") { [unowned self] in
            if let fileMonitor { loop.unregister(fileMonitor.watch.descriptor) }
        }
        try trackScriptsAndFiles()
        groups = makeSyncGroups()
    }

    static func scriptPolicy(_ globals: GlobalDefinitions) -> ScriptPolicy {
        ScriptPolicy(scriptUser: globals.scriptUser.map { ($0, globals.scriptGroup) },
                     enableScriptSecurity: globals.enablesScriptSecurity)
    }

    /// The `vrrp_script`s and `track_file`s that instances of `configuration` track. Scripts that stay
    /// the same keep their status and schedule; files are watched afresh.
    func trackScriptsAndFiles(reusingScripts: Bool = true) throws {
        let bindings = configuration.instances.flatMap { $0.trackerBindings(in: configuration) }.map(\.source)
        let scripts = configuration.scripts.filter { bindings.contains(.script($0.name)) }
        if scripts.isEmpty {
            scriptMonitor?.stop()
            scriptMonitor = nil
        } else if let scriptMonitor, reusingScripts {
            scriptMonitor.update(to: scripts, policy: policy)
        } else {
            scriptMonitor?.stop()
            scriptMonitor = ScriptMonitor(scripts: scripts, policy: policy, executor: executor, logger: logger,
                                          clock: MonotonicClock.now)
        }
        let files = configuration.trackFiles.filter { bindings.contains(.file($0.name)) }
        if let fileMonitor, fileMonitor.files != files {
            loop.unregister(fileMonitor.watch.descriptor)
            self.fileMonitor = nil
        }
        if fileMonitor == nil, !files.isEmpty {
            let monitor = try FileMonitor(files: files, logger: logger)
            try loop.register(monitor.watch.descriptor) { [unowned self, unowned monitor] in
                monitor.changed()
                rearm()
            }
            fileMonitor = monitor
        }
        health.use(scripts: scriptMonitor, files: fileMonitor)
    }

    /// The sync groups of `configuration`, with their notifications.
    func makeSyncGroups() -> SyncGroupCoordinator {
        let groups = SyncGroupCoordinator(groups: configuration.syncGroups)
        groups.onGroupTransition = { [unowned self] group, state in
            notifier.transition(of: .group(group.name), to: state, priority: 0, scripts: group.notify)
        }
        return groups
    }

    /// RFC 9568 §6.1 Accept_Mode: an instance with `no_accept` that does not own its addresses must
    /// not accept packets addressed to them; nftables drops them on input (ARP and neighbour
    /// discovery still pass). keepalived's default, `accept`, needs nothing. A filter that cannot
    /// be installed stops the start (silently accepting would be the opposite of what was asked) and
    /// fails a reload before anything else changes.
    func enforceNoAccept() throws {
        let refused = Self.refusedAddresses(configuration)
        if let noAcceptFilter {
            try noAcceptFilter.replaceRefused(with: refused)
        } else if !refused.isEmpty {
            let filter = try PacketFilter()
            noAcceptFilter = filter
            lifecycle.started("no_accept filter") { filter.close() }
            try filter.refuseDelivery(to: refused)
        } else {
            return
        }
        logger.info("no_accept: packets addressed to \(refused.isEmpty ? "no address" : refused.map(\.description).joined(separator: ", ")) are dropped on input (nftables table inet \(PacketFilter.tableName))")
    }

    static func refusedAddresses(_ configuration: Configuration) -> [IPAddress] {
        configuration.instances
            .filter { $0.acceptMode == false && $0.priority != 255 }
            .flatMap { $0.managedAddresses.map(\.address) }
    }
}

extension GlobalDefinitions {
    /// `notify_fifo` and `vrrp_notify_fifo`, those given.
    var fifos: [NotifyFIFO] { [notifyFIFO, vrrpNotifyFIFO].compactMap { $0 } }
}
