/// The `notify_*` commands of a `vrrp_instance` or a `vrrp_sync_group`; `nil` when not configured.
///
/// keepalived runs the state-specific command first, then `generic` with four more arguments:
/// `INSTANCE`|`GROUP`, the name, the new state (`MASTER`, `BACKUP`, `FAULT`, `STOP`) and the
/// priority (keepalived.conf(5), vrrp_sync_group).
public struct NotifyScripts: Sendable, Hashable {
    /// `notify_master`: on becoming MASTER.
    public var master: ScriptCommand?
    /// `notify_backup`: on becoming BACKUP.
    public var backup: ScriptCommand?
    /// `notify_fault`: on entering FAULT.
    public var fault: ScriptCommand?
    /// `notify_stop`: when the VRRP process stops (instances only in keepalived).
    public var stop: ScriptCommand?
    /// `notify`: every transition, with the four extra arguments above.
    public var generic: ScriptCommand?
    /// `notify_master_rx_lower_pri`: a MASTER received an advert with a lower priority (instances only).
    public var masterReceivedLowerPriority: ScriptCommand?
    /// `notify_deleted [COMMAND]` (instances only): an instance a reload removes notifies `DELETED`
    /// (and runs this command) instead of keepalived's default, `FAULT` with `notify_fault`.
    public var deleted: ScriptCommand?
    public var notifiesDeletion = false

    public init(
        master: ScriptCommand? = nil, backup: ScriptCommand? = nil, fault: ScriptCommand? = nil,
        stop: ScriptCommand? = nil, generic: ScriptCommand? = nil, masterReceivedLowerPriority: ScriptCommand? = nil
    ) {
        self.master = master
        self.backup = backup
        self.fault = fault
        self.stop = stop
        self.generic = generic
        self.masterReceivedLowerPriority = masterReceivedLowerPriority
    }

    /// Every configured command, in keyword order.
    public var all: [ScriptCommand] {
        [master, backup, fault, stop, generic, masterReceivedLowerPriority, deleted].compactMap { $0 }
    }

    public var isEmpty: Bool { all.isEmpty }
}
