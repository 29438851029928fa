/// Turns the statement tree into a `Configuration`.
enum ConfigurationParser {
    static func parse(_ nodes: [SyntaxNode], diagnostics: inout DiagnosticLog) -> Configuration {
        var reader = StatementReader()
        var configuration = Configuration()
        var drafts: [InstanceDraft] = []
        for node in nodes {
            switch node.name {
            case "global_defs":
                reader.readGlobalDefinitions(node, into: &configuration.globals)
            case "vrrp_instance":
                if let draft = reader.readInstance(node) { drafts.append(draft) }
            default:
                reader.skip(node)
            }
        }
        // Instances are resolved after the whole file so that global_defs may come last.
        for draft in drafts {
            if let instance = reader.resolve(draft, globals: configuration.globals) {
                configuration.instances.append(instance)
            }
        }
        diagnostics.append(contentsOf: reader.diagnostics.entries)
        Validation.check(configuration.instances, diagnostics: &diagnostics)
        return configuration
    }
}
