extension Validation {
    /// An instance may belong to one sync group only (keepalived refuses the second membership).
    static func checkSyncGroups(_ groups: [SyncGroup], diagnostics: inout DiagnosticLog) {
        var owners: [String: SyncGroup] = [:]
        for group in groups {
            for member in group.members {
                if let first = owners[member] {
                    diagnostics.error(
                        "vrrp_instance '\(member)' is already in vrrp_sync_group '\(first.name)' (at \(first.location)); "
                            + "an instance can be in one sync group only, remove it from vrrp_sync_group '\(group.name)'",
                        at: group.location)
                } else {
                    owners[member] = group
                }
            }
        }
    }
}
