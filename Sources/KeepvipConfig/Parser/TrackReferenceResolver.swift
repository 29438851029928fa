/// The `vrrp_script` and `track_file` names defined so far, with where and in which top-level position.
struct TrackDefinitions {
    struct Entry {
        var location: SourceLocation
        var order: Int
    }

    var scripts: [String: Entry] = [:]
    var files: [String: Entry] = [:]
}

extension StatementReader {
    /// Records a `vrrp_script` / `track_file` name; false (with a warning) for a second definition,
    /// which is dropped: keepalived looks names up first-defined-first.
    mutating func define(
        _ name: String, at location: SourceLocation, order: Int, kind: TrackKind, in definitions: inout TrackDefinitions
    ) -> Bool {
        let path: WritableKeyPath<TrackDefinitions, [String: TrackDefinitions.Entry]> =
            kind == .script ? \.scripts : \.files
        let keyword = kind == .script ? "vrrp_script" : "track_file"
        if let first = definitions[keyPath: path][name] {
            diagnostics.warning(
                "\(keyword) '\(name)' is defined twice (first at \(first.location)); keepalived uses the first, so this "
                    + "one is ignored; rename or remove it",
                at: location)
            return false
        }
        definitions[keyPath: path][name] = .init(location: location, order: order)
        return true
    }

    /// The `track_script` / `track_file` entries of `owner` that name a block defined before it.
    /// keepalived resolves these names while it reads the file (vrrp_track.c, `alloc_track_script`), so a
    /// missing name and a block defined further down are both ignored with a warning.
    mutating func references(
        _ entries: [TrackEntry], kind: TrackKind, owner: String, order: Int, definitions: TrackDefinitions
    ) -> [TrackReference] {
        let keyword = kind == .script ? "vrrp_script" : "track_file"
        let known = kind == .script ? definitions.scripts : definitions.files
        var references: [TrackReference] = []
        for entry in entries {
            if let first = references.first(where: { $0.name == entry.name }) {
                warnRepeated(entry, what: "\(keyword) '\(entry.name)'", first: first.location, owner: owner)
                continue
            }
            guard let definition = known[entry.name] else {
                diagnostics.warning(
                    "\(kind.keyword) in \(owner) names no \(keyword) '\(entry.name)'; keepalived ignores this line and "
                        + "so does keepvip; define '\(keyword) \(entry.name) { … }' or correct the name",
                    at: entry.location)
                continue
            }
            guard definition.order < order else {
                diagnostics.warning(
                    "\(keyword) '\(entry.name)' is defined at \(definition.location), after \(owner); keepalived only "
                        + "finds blocks defined earlier, so it ignores this line and so does keepvip; move the \(keyword) "
                        + "block above",
                    at: entry.location)
                continue
            }
            references.append(
                TrackReference(name: entry.name, location: entry.location, weight: entry.weight, isReversed: entry.isReversed))
        }
        return references
    }

    /// A second entry for something already tracked: keepalived keeps the first.
    private mutating func warnRepeated(_ entry: TrackEntry, what: String, first: SourceLocation, owner: String) {
        diagnostics.warning(
            "\(owner) already tracks \(what) (at \(first)); this line is ignored (as keepalived does), remove it",
            at: entry.location)
    }

    /// `track_interface` entries, once per interface.
    mutating func trackedInterfaces(_ entries: [TrackEntry], owner: String) -> [TrackedInterface] {
        var interfaces: [TrackedInterface] = []
        for entry in entries {
            if let first = interfaces.first(where: { $0.name == entry.name }) {
                warnRepeated(entry, what: "interface '\(entry.name)'", first: first.location, owner: owner)
                continue
            }
            interfaces.append(
                TrackedInterface(name: entry.name, location: entry.location, weight: entry.weight ?? 0,
                                 isReversed: entry.isReversed ?? false))
        }
        return interfaces
    }

    /// Checks a sync group's members against the instance names (keepalived resolves them after reading
    /// the whole file, so order does not matter). `nil` when no member is left.
    mutating func resolve(
        _ draft: SyncGroupDraft, order: Int, instanceNames: Set<String>, definitions: TrackDefinitions
    ) -> SyncGroup? {
        let owner = "vrrp_sync_group '\(draft.name)'"
        var members: [String] = []
        for member in draft.members {
            guard instanceNames.contains(member.value) else {
                diagnostics.warning(
                    "\(owner) names no vrrp_instance '\(member.value)'; the member is dropped (as keepalived does); "
                        + "correct the name or remove it",
                    at: member.location)
                continue
            }
            members.append(member.value)
        }
        if members.isEmpty {
            diagnostics.warning(
                "\(owner) has no member instance and is ignored; list instances in 'group { VI_1 VI_2 }'",
                at: draft.location)
            return nil
        }
        if members.count == 1 {
            diagnostics.warning(
                "\(owner) has only one member ('\(members[0])'); a sync group synchronises two or more instances "
                    + "(keepalived keeps it anyway); add the other instances or remove the group",
                at: draft.location)
        }
        return SyncGroup(
            name: draft.name, location: draft.location, members: members, notify: draft.notify,
            trackedInterfaces: trackedInterfaces(draft.trackedInterfaces, owner: owner),
            trackedScripts: references(draft.trackedScripts, kind: .script, owner: owner, order: order, definitions: definitions),
            trackedFiles: references(draft.trackedFiles, kind: .file, owner: owner, order: order, definitions: definitions),
            keepsTrackingWeights: draft.keepsTrackingWeights)
    }
}
