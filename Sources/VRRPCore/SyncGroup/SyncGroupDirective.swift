/// A transition a `vrrp_sync_group` forces on one member (`RouterEvent.syncGroup`).
///
/// keepalived.conf(5), "VRRP synchronization group(s)": the members form a bundle "so that transition of
/// one instance will be reflected to others group members".
public enum SyncGroupDirective: Hashable, Sendable {
    /// Another member became Active: a Backup becomes Active with it (advert, addresses, announcements).
    case active
    /// Another member left Active for Backup: an Active member releases its addresses and waits
    /// Active_Down_Interval as a Backup.
    case backup
    /// Another member is in FAULT: this one goes to FAULT too, whatever its own health.
    case fault
    /// No member is in FAULT any more: leave the group's FAULT (to Backup, unless this router's own
    /// health still holds it in FAULT).
    case recover
}
