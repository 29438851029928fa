import KeepvipConfig
import VRRPCore

/// The configured `vrrp_sync_group`s at run time: a member's health or transition is fed to its
/// group's `SyncGroupState`, and the directives it returns go to the other members' runners in the
/// same turn of the event loop, so the group's addresses move together.
final class SyncGroupCoordinator {
    private struct Group {
        let configuration: SyncGroup
        var state: SyncGroupState
    }

    private var groups: [Group]
    private var runners: [String: VirtualRouterRunner] = [:]
    /// Called when a group's state changes (notify `GROUP NAME STATE`).
    var onGroupTransition: ((SyncGroup, RouterState) -> Void)?

    init(groups: [SyncGroup]) {
        self.groups = groups.map { Group(configuration: $0, state: SyncGroupState(memberCount: $0.members.count)) }
    }

    /// Each group's state and members, for `keepvip status`.
    var statuses: [DaemonStatus.SyncGroupStatus] {
        groups.map { DaemonStatus.SyncGroupStatus(name: $0.configuration.name, state: $0.state.state, members: $0.configuration.members) }
    }

    func add(_ runner: VirtualRouterRunner) {
        runners[runner.name] = runner
    }

    /// Forgets a runner leaving service: what it does from now on moves no group.
    func remove(_ runner: VirtualRouterRunner) {
        if runners[runner.name] === runner { runners[runner.name] = nil }
    }

    /// A member's trackers changed their FAULT verdict.
    func healthChanged(of instance: String, isFaulted: Bool, now: Instant) {
        guard let (group, member) = locate(instance) else { return }
        apply(groups[group].state.memberHealthChanged(member, isFaulted: isFaulted), group: group, now: now)
    }

    /// A member made a transition.
    func transitioned(_ instance: String, to state: RouterState, now: Instant) {
        guard let (group, member) = locate(instance) else { return }
        apply(groups[group].state.memberStateChanged(member, to: state), group: group, now: now)
    }

    private func locate(_ instance: String) -> (group: Int, member: Int)? {
        guard runners[instance] != nil else { return nil }
        for (index, group) in groups.enumerated() {
            if let member = group.configuration.members.firstIndex(of: instance) { return (index, member) }
        }
        return nil
    }

    private func apply(_ update: SyncGroupUpdate, group: Int, now: Instant) {
        let configuration = groups[group].configuration
        if let state = update.groupState { onGroupTransition?(configuration, state) }
        for command in update.commands {
            runners[configuration.members[command.member]]?.follow(command.directive, now: now)
        }
    }
}
