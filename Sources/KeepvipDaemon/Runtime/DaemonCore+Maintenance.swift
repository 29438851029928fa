/// `keepvip handover [INSTANCE…]` and `keepvip handover --cancel`: maintenance mode, which moves an
/// instance's addresses to a peer without an outage and keeps them there across reloads and
/// restarts until cancelled (CARP's demotion, keepalived users' "raise the peer and reload").
extension DaemonCore {
    public struct MaintenanceResult: Equatable, Sendable {
        /// One line per instance named (or every instance): what happened.
        public var lines: [String]
        /// An instance was unknown, an address owner, or the state could not be saved.
        public var failed: Bool
    }

    /// Puts `names` (every configured instance when empty) in maintenance, or takes them out.
    /// Nothing changes unless the new set is saved first.
    public func setMaintenance(_ names: [String], to isOn: Bool) -> MaintenanceResult {
        let configured = configuration.instances
        let chosen = names.isEmpty ? configured.map(\.name) : names
        let word = isOn ? "on" : "off"
        var wanted = maintenance
        var refusals: [String: String] = [:]
        for name in chosen {
            guard let instance = configured.first(where: { $0.name == name }) else {
                refusals[name] = "no such vrrp_instance"
                continue
            }
            if isOn && instance.priority == 255 {
                refusals[name] = "priority 255 owns its addresses and always takes them (RFC 9568 §6.1); lower its priority to hand over"
                continue
            }
            if isOn { wanted.insert(name) } else { wanted.remove(name) }
        }
        let changed = wanted.symmetricDifference(maintenance)
        if !changed.isEmpty {
            do {
                try host.saveMaintenance(wanted)
            } catch {
                return MaintenanceResult(lines: ["cannot save the maintenance state: \(error); nothing changed"], failed: true)
            }
            maintenance = wanted
        }
        let now = host.now()
        let lines = chosen.map { name -> String in
            if let refusal = refusals[name] { return "\(name): \(refusal)" }
            guard changed.contains(name) else { return "\(name): maintenance was already \(word)" }
            // An instance waiting for its interface starts in the new mode when it appears.
            guard let runner = runners.first(where: { $0.name == name }) else { return "\(name): maintenance \(word)" }
            let wasActive = runner.state == .active
            runner.setMaintenance(isOn, now: now)
            let detail = isOn
                ? (wasActive ? "priority 0 sent, VIPs held until a peer takes over" : "advertising priority 1")
                : "priority \(runner.router.effectivePriority) again"
            return "\(name): maintenance \(word): \(detail)"
        }
        if !changed.isEmpty {
            logger.notice("maintenance: \(lines.joined(separator: "; "))")
            rearm()
        }
        return MaintenanceResult(lines: lines, failed: !refusals.isEmpty)
    }
}
