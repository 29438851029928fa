/// A `vrrp_sync_group NAME { group { INSTANCE … } … }`: instances that change state together.
public struct SyncGroup: Sendable, Hashable {
    public var name: String
    /// Where `vrrp_sync_group NAME` is written.
    @SourcePosition public var location: SourceLocation
    /// The `vrrp_instance` names of `group { }`, in order; each names a configured instance that is in
    /// no other group (unknown names are dropped with a warning; an instance in two groups is an error).
    public var members: [String]
    /// The group's own `notify_*` commands (run with `GROUP` and the group name).
    public var notify: NotifyScripts
    /// `track_interface`, `track_script`, `track_file` inside the group: they apply to every member.
    public var trackedInterfaces: [TrackedInterface]
    public var trackedScripts: [TrackReference]
    public var trackedFiles: [TrackReference]
    /// `sync_group_tracking_weight`: members keep their tracking weights. Without it keepalived sets
    /// the weights of every member's track_script / track_file entries to 0 (keepalived.conf(5),
    /// "VRRP synchronization group(s)"), so that the members' priorities stay consistent.
    public var keepsTrackingWeights: Bool

    public init(
        name: String, location: SourceLocation, members: [String], notify: NotifyScripts = NotifyScripts(),
        trackedInterfaces: [TrackedInterface] = [], trackedScripts: [TrackReference] = [],
        trackedFiles: [TrackReference] = [], keepsTrackingWeights: Bool = false
    ) {
        self.name = name
        self.location = location
        self.members = members
        self.notify = notify
        self.trackedInterfaces = trackedInterfaces
        self.trackedScripts = trackedScripts
        self.trackedFiles = trackedFiles
        self.keepsTrackingWeights = keepsTrackingWeights
    }
}
