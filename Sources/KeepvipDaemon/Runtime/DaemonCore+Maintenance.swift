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
    public func setMaintenance(_ names: [String], to isOn: Bool) -> MaintenanceResult {
        let configured = configuration.instances
        let chosen = names.isEmpty ? configured.map(\.name) : names
        var lines: [String] = []
        var failed = false
        var wanted = maintenance
        for name in chosen {
            guard let instance = configured.first(where: { $0.name == name }) else {
                lines.append("\(name): no such vrrp_instance")
                failed = true
                continue
            }
            if isOn && instance.priority == 255 {
                lines.append("\(name): priority 255 owns its addresses and always takes them (RFC 9568 §6.1); lower its priority to hand over")
                failed = true
                continue
            }
            if isOn ? wanted.insert(name).inserted : wanted.remove(name) != nil {
                lines.append(isOn ? "\(name): maintenance on" : "\(name): maintenance off")
            } else {
                lines.append("\(name): maintenance was already \(isOn ? "on" : "off")")
            }
        }
        guard wanted != maintenance else { return MaintenanceResult(lines: lines, failed: failed) }
        do {
            try host.saveMaintenance(wanted)
        } catch {
            return MaintenanceResult(lines: ["cannot save the maintenance state: \(error); nothing changed"], failed: true)
        }
        let changed = wanted.symmetricDifference(maintenance)
        maintenance = wanted
        let now = host.now()
        for runner in runners where changed.contains(runner.name) {
            let wasActive = runner.state == .active
            runner.setMaintenance(isOn, now: now)
            if let index = lines.firstIndex(of: "\(runner.name): maintenance \(isOn ? "on" : "off")") {
                lines[index] += isOn
                    ? (wasActive ? ": priority 0 sent, VIPs held until a peer takes over" : ": advertising priority 1")
                    : ": priority \(runner.router.effectivePriority) again"
            }
        }
        logger.notice("maintenance: \(lines.joined(separator: "; "))")
        rearm()
        return MaintenanceResult(lines: lines, failed: failed)
    }
}
