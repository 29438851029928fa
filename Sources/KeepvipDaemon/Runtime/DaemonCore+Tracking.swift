import KeepvipConfig
import VRRPCore

/// Scripts, track files, sync groups, notifications and the no_accept filter: started with the
/// core, and brought to a new configuration by a reload.
extension DaemonCore {
    /// Released in reverse order when the core has stopped.
    func startTracking() {
        lifecycle.started("scripts") { [unowned self] in host.scripts.stopAll() }
        if configuration.runsScripts, let warning = policy.rootFallbackWarning {
            logger.warning("\(warning)")
        }
        fifos = NotifyFIFOs(configuration.globals.fifos, policy: policy, host: host, logger: logger)
        lifecycle.started("notify FIFOs") { [unowned self] in fifos.close() }
        notifier = Notifier(policy: policy, scripts: host.scripts, fifos: fifos.writers, counters: counters,
                            logger: logger, clock: host.now)
        health = HealthTracker(host: host, logger: logger)
        health.onChange = { [unowned self] runner in refreshHealth(of: runner) }
        lifecycle.started("track files") { [unowned self] in fileValues?.close() }
        trackScriptsAndFiles()
        groups = makeSyncGroups()
        lifecycle.started("channels") { [unowned self] in closeChannels() }
    }

    static func scriptPolicy(_ globals: GlobalDefinitions) -> ScriptPolicy {
        ScriptPolicy(scriptUser: globals.scriptUser.map { ($0, globals.scriptGroup) },
                     enableScriptSecurity: globals.enablesScriptSecurity)
    }

    /// The `vrrp_script`s and `track_file`s that instances of `configuration` track. Scripts that stay
    /// the same keep their status and schedule; files are followed afresh when they change.
    func trackScriptsAndFiles(reusingScripts: Bool = true) {
        let bindings = configuration.instances.flatMap { $0.trackerBindings(in: configuration) }.map(\.source)
        let scripts = configuration.scripts.filter { bindings.contains(.script($0.name)) }
        if scripts.isEmpty {
            scriptMonitor?.stop()
            scriptMonitor = nil
        } else if let scriptMonitor, reusingScripts {
            scriptMonitor.update(to: scripts, policy: policy)
        } else {
            scriptMonitor?.stop()
            scriptMonitor = ScriptMonitor(scripts: scripts, policy: policy, runner: host.scripts, counters: counters,
                                          logger: logger, clock: host.now)
        }
        let files = configuration.trackFiles.filter { bindings.contains(.file($0.name)) }
        if let fileValues, fileValues.files != files {
            fileValues.close()
            self.fileValues = nil
        }
        if fileValues == nil, !files.isEmpty {
            do {
                fileValues = try host.watchTrackFiles(files) { [unowned self] in rearm() }
            } catch {
                logger.error("track_file: cannot follow \(files.map(\.path).joined(separator: ", ")): \(error); their values are not followed")
            }
        }
        health.use(scripts: scriptMonitor, files: fileValues)
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
    /// not accept packets addressed to them (`DaemonHost.refuseDelivery`). keepalived's default,
    /// `accept`, needs nothing.
    func enforceNoAccept() throws {
        let refused = configuration.instances
            .filter { $0.acceptMode == false && $0.priority != 255 }
            .flatMap { $0.managedAddresses.map(\.address) }
        try host.refuseDelivery(to: refused)
        if !refused.isEmpty {
            logger.info("no_accept: packets addressed to \(refused.map(\.description).joined(separator: ", ")) are dropped on input")
        }
    }
}

extension GlobalDefinitions {
    /// `notify_fifo` and `vrrp_notify_fifo`, those given.
    var fifos: [NotifyFIFO] { [notifyFIFO, vrrpNotifyFIFO].compactMap { $0 } }
}
