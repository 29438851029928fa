/// What a reload changes: the instances of the old and the new configuration matched by their
/// `InstanceIdentity`, each pair with what differs, and the instances only one side has.
///
/// Pure: the daemon turns it into per-instance steps (keep, reconfigure, activate, deactivate).
public struct ConfigurationDiff: Sendable {
    /// An instance in both configurations, with what differs in words an operator knows (empty: unchanged).
    public struct Match: Sendable {
        public var old: InstanceConfiguration
        public var new: InstanceConfiguration
        public var changes: [String]
    }

    /// Matched instances, in the new file's order.
    public var matched: [Match] = []
    /// Instances only the new configuration has, in its order.
    public var added: [InstanceConfiguration] = []
    /// Instances only the old configuration has, in its order.
    public var removed: [InstanceConfiguration] = []
    /// Settings outside the instances that changed (`global_defs`, sync groups, FIFOs).
    public var globalChanges: [String] = []

    public init(old: Configuration, new: Configuration) {
        var candidates = Dictionary(grouping: old.instances.indices) { InstanceIdentity(old.instances[$0]) }
        var matchedOld = Set<Int>()
        for instance in new.instances {
            let identity = InstanceIdentity(instance)
            // An instance of the same name wins among several of one identity; otherwise file order.
            guard let slot = candidates[identity], !slot.isEmpty else {
                added.append(instance)
                continue
            }
            let pick = slot.firstIndex { old.instances[$0].name == instance.name } ?? slot.startIndex
            let index = slot[pick]
            candidates[identity]?.remove(at: pick)
            matchedOld.insert(index)
            let previous = old.instances[index]
            matched.append(Match(old: previous, new: instance, changes: Self.changes(from: previous, in: old, to: instance, in: new)))
        }
        removed = old.instances.indices.filter { !matchedOld.contains($0) }.map { old.instances[$0] }
        if old.globals != new.globals { globalChanges.append("global_defs") }
        if old.syncGroups != new.syncGroups { globalChanges.append("vrrp_sync_group") }
    }

    public var unchanged: [Match] { matched.filter(\.changes.isEmpty) }
    public var changed: [Match] { matched.filter { !$0.changes.isEmpty } }
    public var isEmpty: Bool { changed.isEmpty && added.isEmpty && removed.isEmpty && globalChanges.isEmpty }

    /// `3 unchanged, 1 changed (VI_2: priority 100→110, +1 VIP), 1 added (VI_5), 0 removed`; at most
    /// `listed` instances are named in each list.
    public func summary(listing listed: Int = 5) -> String {
        func list(_ items: [String], separator: String) -> String {
            guard !items.isEmpty else { return "" }
            let more = items.count > listed ? "\(separator)and \(items.count - listed) more" : ""
            return " (" + items.prefix(listed).joined(separator: separator) + more + ")"
        }
        let changedText = list(changed.map { "\($0.new.name): \($0.changes.joined(separator: ", "))" }, separator: "; ")
        let addedText = list(added.map(\.name), separator: ", ")
        let removedText = list(removed.map(\.name), separator: ", ")
        let globalText = globalChanges.isEmpty ? "" : ", " + globalChanges.joined(separator: ", ") + " changed"
        return "\(unchanged.count) unchanged, \(changed.count) changed\(changedText), \(added.count) added\(addedText), \(removed.count) removed\(removedText)\(globalText)"
    }

    // MARK: What changed in one instance

    static func changes(
        from old: InstanceConfiguration, in oldConfiguration: Configuration,
        to new: InstanceConfiguration, in newConfiguration: Configuration
    ) -> [String] {
        var changes: [String] = []
        func note<Value: Equatable>(_ keyword: String, _ path: KeyPath<InstanceConfiguration, Value>, show: Bool = true) {
            let before = old[keyPath: path], after = new[keyPath: path]
            guard before != after else { return }
            changes.append(show ? "\(keyword) \(before)→\(after)" : keyword)
        }
        func count<Item: Hashable>(_ noun: String, _ path: KeyPath<InstanceConfiguration, [Item]>) {
            let before = Set(old[keyPath: path]), after = Set(new[keyPath: path])
            let gained = after.subtracting(before).count, lost = before.subtracting(after).count
            if gained > 0 { changes.append("+\(gained) \(noun)") }
            if lost > 0 { changes.append("-\(lost) \(noun)") }
        }
        if old.name != new.name { changes.append("renamed from \(old.name)") }
        note("priority", \.priority)
        note("advert_int", \.advertisementInterval)
        note("version", \.version)
        if old.preempt != new.preempt { changes.append(new.preempt ? "preempt" : "nopreempt") }
        note("preempt_delay", \.preemptDelay)
        note("state", \.initialState, show: false)
        note("authentication", \.authentication, show: false)
        count("unicast_peer", \.unicastPeers)
        count("VIP", \.virtualAddresses)
        count("excluded VIP", \.excludedAddresses)
        count("route", \.virtualRoutes)
        count("rule", \.virtualRules)
        note("accept", \.acceptMode, show: false)
        note("checksum mode", \.ipv4ChecksumIncludesPseudoHeader, show: false)
        note("skip_check_adv_addr", \.skipsAdvertAddressCheck, show: false)
        if garpSettings(old) != garpSettings(new) { changes.append("GARP settings") }
        note("track_interface", \.trackedInterfaces, show: false)
        note("dont_track_primary", \.tracksPrimaryInterface, show: false)
        note("track_script", \.trackedScripts, show: false)
        note("track_file", \.trackedFiles, show: false)
        note("notify", \.notify, show: false)
        // Blocks outside the instance that it uses.
        for reference in new.trackedScripts where oldConfiguration.script(named: reference.name) != newConfiguration.script(named: reference.name) {
            changes.append("vrrp_script \(reference.name)")
        }
        for reference in new.trackedFiles where oldConfiguration.trackFile(named: reference.name) != newConfiguration.trackFile(named: reference.name) {
            changes.append("track_file \(reference.name)")
        }
        let oldGroup = oldConfiguration.syncGroup(containing: old.name), newGroup = newConfiguration.syncGroup(containing: new.name)
        if oldGroup?.name != newGroup?.name {
            changes.append("sync group \(oldGroup?.name ?? "none")→\(newGroup?.name ?? "none")")
        }
        // Whatever else differs (a field added to the model later) is still a change.
        if changes.isEmpty, old != new { changes.append("other settings") }
        return changes
    }

    private static func garpSettings(_ instance: InstanceConfiguration) -> [String] {
        [
            "\(instance.garpMasterDelay)", "\(instance.garpMasterRepeat)", "\(instance.garpMasterRefresh)",
            "\(instance.garpMasterRefreshRepeat)", "\(instance.garpLowerPriorityDelay)",
            "\(instance.garpLowerPriorityRepeat)", "\(instance.garpInterval)", "\(instance.gnaInterval)",
        ]
    }
}
