/// What a `SyncGroupState` decided: directives for members (deliver them as `RouterEvent.syncGroup`) and the
/// group's new state when it changed.
public struct SyncGroupUpdate: Hashable, Sendable {
    public var commands: [SyncGroupCommand]
    /// Set when the group's state changed: notify `GROUP NAME STATE`.
    public var groupState: RouterState?

    public init(commands: [SyncGroupCommand] = [], groupState: RouterState? = nil) {
        self.commands = commands
        self.groupState = groupState
    }
}
