/// What a `vrrp_sync_group` block says, before its members are checked against the instances.
struct SyncGroupDraft {
    var name: String
    var location: SourceLocation
    var members: [InstanceDraft.Located<String>] = []
    var notify = NotifyScripts()
    var trackedInterfaces: [StatementReader.TrackEntry] = []
    var trackedScripts: [StatementReader.TrackEntry] = []
    var trackedFiles: [StatementReader.TrackEntry] = []
    var keepsTrackingWeights = false
}

extension StatementReader {
    /// `vrrp_sync_group NAME { group { INSTANCE … }  notify_* …  track_* { … }
    /// sync_group_tracking_weight  global_tracking }` (keepalived.conf(5), "VRRP synchronization group(s)").
    mutating func readSyncGroup(_ node: SyntaxNode) -> SyncGroupDraft? {
        guard let children = block(node), let name = blockName(node, example: "vrrp_sync_group VG_1 {") else {
            return nil
        }
        var draft = SyncGroupDraft(name: name, location: node.location)
        for child in children {
            switch child.name {
            case "group":
                guard let lines = block(child) else { continue }
                for line in lines {
                    rejectBlock(line)
                    // keepalived reads the block as a list of words, so several names may share a line.
                    for word in [line.keyword] + line.arguments {
                        if let first = draft.members.first(where: { $0.value == word.text }) {
                            diagnostics.warning(
                                "'\(word.text)' is already a member of vrrp_sync_group '\(name)' (at \(first.location)); "
                                    + "remove the repeat",
                                at: word.location)
                        } else {
                            draft.members.append(.init(value: word.text, location: word.location))
                        }
                    }
                }
            case "track_interface":
                draft.trackedInterfaces += readTrackBlock(child, kind: .interface)
            case "track_script":
                draft.trackedScripts += readTrackBlock(child, kind: .script)
            case "track_file":
                draft.trackedFiles += readTrackBlock(child, kind: .file)
            case "sync_group_tracking_weight":
                flag(child)
                draft.keepsTrackingWeights = true
            case "global_tracking":
                // keepalived.conf(5): deprecated; sync_group_tracking_weight replaces it (members keep weights).
                flag(child)
                draft.keepsTrackingWeights = true
                diagnostics.warning(
                    "'global_tracking' is deprecated in keepalived; keepvip reads it as 'sync_group_tracking_weight' "
                        + "(members keep their tracking weights); write that instead, or move the track_* blocks into "
                        + "the vrrp_sync_group",
                    at: child.location)
            default:
                if !readNotify(child, into: &draft.notify, allowsLowerPriority: false) { skip(child) }
            }
        }
        return draft
    }
}
