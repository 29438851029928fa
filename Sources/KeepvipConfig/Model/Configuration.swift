import VRRPCore

/// Everything keepvip takes from a keepalived.conf.
public struct Configuration: Sendable, Hashable {
    public var globals: GlobalDefinitions
    public var instances: [InstanceConfiguration]
    /// `vrrp_script` blocks, in file order, names unique.
    public var scripts: [HealthScript]
    /// `track_file` / `vrrp_track_file` blocks, in file order, names unique.
    public var trackFiles: [TrackFile]
    /// `vrrp_sync_group` blocks whose members all exist (see `SyncGroup.members`).
    public var syncGroups: [SyncGroup]

    public init(
        globals: GlobalDefinitions = GlobalDefinitions(), instances: [InstanceConfiguration] = [],
        scripts: [HealthScript] = [], trackFiles: [TrackFile] = [], syncGroups: [SyncGroup] = []
    ) {
        self.globals = globals
        self.instances = instances
        self.scripts = scripts
        self.trackFiles = trackFiles
        self.syncGroups = syncGroups
    }

    /// The `vrrp_script` called `name`.
    public func script(named name: String) -> HealthScript? {
        scripts.first { $0.name == name }
    }

    /// The `track_file` called `name`.
    public func trackFile(named name: String) -> TrackFile? {
        trackFiles.first { $0.name == name }
    }

    /// The sync group `instance` belongs to, if any.
    public func syncGroup(containing instance: String) -> SyncGroup? {
        syncGroups.first { $0.members.contains(instance) }
    }

    /// Whether the daemon will run programs: a `vrrp_script`, a `notify*` command of an instance or a
    /// sync group, or a notify FIFO script.
    public var runsScripts: Bool {
        !scripts.isEmpty
            || instances.contains { !$0.notify.isEmpty }
            || syncGroups.contains { !$0.notify.isEmpty }
            || [globals.notifyFIFO, globals.vrrpNotifyFIFO].contains { $0?.script != nil }
    }
}
