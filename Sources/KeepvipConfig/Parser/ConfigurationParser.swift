/// Turns the statement tree into a `Configuration`.
enum ConfigurationParser {
    static func parse(
        _ nodes: [SyntaxNode], fileSystem: any ConfigurationFileSystem, diagnostics: inout DiagnosticLog
    ) -> Configuration {
        var reader = StatementReader()
        var configuration = Configuration()
        var drafts: [InstanceDraft] = []
        var groupDrafts: [(draft: SyncGroupDraft, order: Int)] = []
        var definitions = TrackDefinitions()
        for (order, node) in nodes.enumerated() {
            switch node.name {
            case "global_defs":
                reader.readGlobalDefinitions(node, into: &configuration.globals)
            case "vrrp_instance":
                if var draft = reader.readInstance(node) {
                    draft.order = order
                    drafts.append(draft)
                }
            case "vrrp_script":
                guard let script = reader.readHealthScript(node) else { continue }
                if reader.define(script.name, at: script.location, order: order, kind: .script, in: &definitions) {
                    configuration.scripts.append(script)
                }
            case "track_file" where node.isBlock, "vrrp_track_file":
                guard let file = reader.readTrackFile(node) else { continue }
                if reader.define(file.name, at: file.location, order: order, kind: .file, in: &definitions) {
                    configuration.trackFiles.append(file)
                }
            case "vrrp_sync_group":
                if let draft = reader.readSyncGroup(node) { groupDrafts.append((draft, order)) }
            default:
                reader.skip(node)
            }
        }
        reader.attachFIFOScripts(to: &configuration.globals)
        // Instances are resolved after the whole file so that global_defs may come last.
        for draft in drafts {
            guard var instance = reader.resolve(draft, globals: configuration.globals) else { continue }
            let owner = "vrrp_instance '\(draft.name)'"
            instance.trackedScripts = reader.references(
                draft.trackedScripts, kind: .script, owner: owner, order: draft.order, definitions: definitions)
            instance.trackedFiles = reader.references(
                draft.trackedFiles, kind: .file, owner: owner, order: draft.order, definitions: definitions)
            configuration.instances.append(instance)
        }
        let instanceNames = Set(drafts.map(\.name))
        for (draft, order) in groupDrafts {
            if let group = reader.resolve(draft, order: order, instanceNames: instanceNames, definitions: definitions) {
                configuration.syncGroups.append(group)
            }
        }
        diagnostics.append(contentsOf: reader.diagnostics.entries)
        Validation.check(configuration.instances, diagnostics: &diagnostics)
        Validation.checkSyncGroups(configuration.syncGroups, diagnostics: &diagnostics)
        Validation.locateCommands(in: &configuration, fileSystem: fileSystem, diagnostics: &diagnostics)
        return configuration
    }
}
