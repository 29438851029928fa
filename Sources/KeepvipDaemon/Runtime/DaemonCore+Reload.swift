import KeepvipConfig
import VRRPCore

/// SIGHUP: read the configuration again and move the running daemon to it without a failover.
///
/// The new file is read and checked whole first; with any error nothing changes. Then instances are
/// matched as keepalived's `vrrp_exist()` matches them (`ConfigurationDiff`): a matched instance keeps
/// its state, timers and counters and gets the new configuration as a protocol event
/// (`VirtualRouter+Reconfigure.swift`); a removed one leaves service as at stop; a new one starts as
/// at start-up. What leaves goes first, so an address can move between instances in one reload.
extension DaemonCore {
    /// Reads the configuration again and applies it, or refuses it whole.
    @discardableResult
    public func reload() -> ReloadResult {
        host.report(.reloading)
        defer { host.report(.ready(status: statusSummary)) }
        let started = host.now()
        logger.info("Reloading the configuration")
        let result = load()
        let read = host.now()
        // Adverts that fell due while the file was read go out before anything changes.
        serveRouterTimers(now: read)
        // An include that matches no file is only a warning at start (as in keepalived), but a reload
        // must not silently drop what it included before: here it is an error.
        var errors: [String] = []
        for diagnostic in result.diagnostics {
            if diagnostic.severity == .error || diagnostic.kind == .missingInclude {
                errors.append("\(diagnostic.location): error: \(diagnostic.message)")
                logger.error("\(errors[errors.count - 1])")
            } else {
                logger.warning("\(diagnostic)")
            }
        }
        guard let new = result.configuration, errors.isEmpty else {
            return refuseReload("\(errors.count) error(s)", errors: errors)
        }
        // The rights to run scripts were dropped at start when nothing needed them (Daemon.startServices).
        if new.runsScripts && !configuration.runsScripts {
            return refuseReload("the new configuration runs scripts and keepvipd gave up the rights they need (CAP_SETUID, CAP_SETGID, CAP_KILL) at start; this change needs a restart")
        }
        let old = configuration
        let diff = ConfigurationDiff(old: old, new: new)
        // The only step that can fail goes first, in one nftables transaction.
        configuration = new
        do {
            try enforceNoAccept()
        } catch {
            configuration = old
            return refuseReload("cannot update the no_accept filter: \(error)")
        }
        apply(diff, replacing: old)
        loadedAt = WallClock.timestamp()
        rearm()
        let line = "reload: \(diff.summary()) (read in \((read - started).milliseconds) ms, applied in \((host.now() - read).milliseconds) ms)"
        logger.notice("\(line)")
        counters.reloadsApplied &+= 1
        return .applied(line)
    }

    private func refuseReload(_ reason: String, errors: [String] = []) -> ReloadResult {
        let line = "reload refused: \(reason); still running the configuration loaded at \(loadedAt)"
        logger.error("\(line)")
        counters.reloadsRefused &+= 1
        return .refused(line, errors: errors)
    }

    private func apply(_ diff: ConfigurationDiff, replacing old: Configuration) {
        // Each running instance by its configuration (equal configurations are one instance: names differ).
        let running = Dictionary(runners.map { ($0.instance, $0) }, uniquingKeysWith: { first, _ in first })
        func runner(for instance: InstanceConfiguration) -> VirtualRouterRunner? { running[instance] }
        // What leaves goes first: removed instances resign, changed Active ones release what they drop.
        for instance in diff.removed {
            if let runner = runner(for: instance) {
                logger.info("(\(instance.name)) removed from the configuration; leaving service")
                deactivate(runner)
            } else {
                waiting.removeAll { $0 == instance }
            }
        }
        for match in diff.changed {
            runner(for: match.old)?.releaseDropped(by: match.new)
        }
        // Daemon-wide settings: who runs scripts, and the notify FIFOs.
        let globals = (old: old.globals, new: configuration.globals)
        let policyChanged = globals.old.scriptUser != globals.new.scriptUser
            || globals.old.scriptGroup != globals.new.scriptGroup
            || globals.old.enablesScriptSecurity != globals.new.enablesScriptSecurity
        if policyChanged {
            policy = Self.scriptPolicy(globals.new)
            notifier.policy = policy
        }
        if globals.old.fifos != globals.new.fifos || policyChanged {
            fifos.close()
            fifos = NotifyFIFOs(configuration.globals.fifos, policy: policy, host: host, logger: logger)
            notifier.fifos = fifos.writers
        }
        trackScriptsAndFiles(reusingScripts: !policyChanged)
        // Matched instances take their new configuration; then new ones start.
        let now = host.now()
        for match in diff.changed {
            if let runner = runner(for: match.old) {
                reconfigure(runner, to: match.new, now: now)
            } else if let index = waiting.firstIndex(of: match.old) {
                waiting[index] = match.new
            }
        }
        if old.syncGroups != configuration.syncGroups {
            regroup(now: now)
        }
        for instance in diff.added {
            activate(instance)
        }
    }

    private func reconfigure(_ runner: VirtualRouterRunner, to new: InstanceConfiguration, now: Instant) {
        let bindings = new.trackerBindings(in: configuration)
        guard let verdict = health.reattach(runner, bindings: bindings, basePriority: new.priority) else { return }
        groups.remove(runner)
        // The address adverts leave from is part of the match (or the interface's own, unchanged).
        runner.reconfigure(to: new, primaryAddress: runner.router.configuration.primaryAddress, health: verdict, now: now)
        groups.add(runner)
        recordFaultVerdict(verdict, of: runner, now: now)
    }

    /// The sync groups changed: form them again from the running members, each member's FAULT verdict
    /// and state, so a member that joins a group follows it. Group notifications are not re-run for
    /// what the members already did.
    private func regroup(now: Instant) {
        groups = makeSyncGroups()
        let notify = groups.onGroupTransition
        groups.onGroupTransition = nil
        for runner in runners {
            groups.add(runner)
        }
        for runner in runners where faultVerdicts[ObjectIdentifier(runner)] == true {
            groups.healthChanged(of: runner.name, isFaulted: true, now: now)
        }
        for runner in runners where runner.state != .initialize {
            groups.transitioned(runner.name, to: runner.state, now: now)
        }
        groups.onGroupTransition = notify
    }
}

/// What a reload did, in the one line it logged; a refusal also carries each error in the file
/// (`file:line:column: error: …`).
public enum ReloadResult: Equatable, Sendable {
    case applied(String)
    case refused(String, errors: [String] = [])
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
