/// A `vrrp_sync_group`: what one member's health or transition means for the others, and the group's
/// own state (what the runtime notifies as `GROUP NAME STATE`).
///
/// keepalived.conf(5), "VRRP synchronization group(s)": the members are "synchronized together so that
/// transition of one instance will be reflected to others"; "it is vital that all instances in the group
/// are MASTER or that they are all either BACKUP or FAULT". The rules, as keepalived logs them
/// ("VRRP_Group(NAME): Syncing instances to FAULT state", issue acassen/keepalived#1532):
/// - a member whose trackers fail puts every member in FAULT, and the group stays FAULT until no member's
///   trackers fail; then every member leaves FAULT (to Backup, or Active for an address owner);
/// - a member that becomes Active takes the others with it;
/// - a member that leaves Active for Backup takes the others back to Backup.
///
/// Simplification: keepalived holds a member whose timer fired back until every member may become
/// Active (acassen/keepalived#2169: "The members of a sync group can only be master if ALL member
/// instances are eligible to become master"); here the first member to become Active leads the group,
/// and a member that then hears a better Active router brings it back to Backup.
///
/// Commands are issued only when the group's state changes, so the transitions they cause, fed back
/// through `memberStateChanged`, issue none.
public struct SyncGroupState: Sendable {
    public private(set) var state: RouterState = .initialize
    private var faultedMembers: Set<Int> = []
    public let memberCount: Int

    public init(memberCount: Int) {
        self.memberCount = memberCount
    }

    /// A member's own trackers changed their verdict (`RouterHealth.isFaulted`).
    public mutating func memberHealthChanged(_ member: Int, isFaulted: Bool) -> SyncGroupUpdate {
        if isFaulted { faultedMembers.insert(member) } else { faultedMembers.remove(member) }
        if !faultedMembers.isEmpty, state != .fault {
            // Every member, the failing one too, so that it stays in FAULT while any other member fails.
            return change(to: .fault, directive: .fault, except: nil)
        }
        if faultedMembers.isEmpty, state == .fault {
            return change(to: .backup, directive: .recover, except: nil)
        }
        return SyncGroupUpdate()
    }

    /// A member made a transition (`RouterAction.changeState`).
    public mutating func memberStateChanged(_ member: Int, to newState: RouterState) -> SyncGroupUpdate {
        switch (state, newState) {
        case (.fault, _):
            return SyncGroupUpdate()
        case (.initialize, .backup):
            state = .backup
            return SyncGroupUpdate(groupState: .backup)
        case (_, .active) where state != .active:
            return change(to: .active, directive: .active, except: member)
        case (.active, .backup):
            return change(to: .backup, directive: .backup, except: member)
        default:
            return SyncGroupUpdate()
        }
    }

    private mutating func change(to newState: RouterState, directive: SyncGroupDirective, except: Int?) -> SyncGroupUpdate {
        state = newState
        let commands = (0..<memberCount).filter { $0 != except }.map { SyncGroupCommand(member: $0, directive: directive) }
        return SyncGroupUpdate(commands: commands, groupState: newState)
    }
}
