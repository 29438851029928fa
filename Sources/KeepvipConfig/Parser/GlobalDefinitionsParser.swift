import VRRPCore

extension StatementReader {
    /// `global_defs { router_id NAME  vrrp_version 2|3  ... }`.
    mutating func readGlobalDefinitions(_ node: SyntaxNode, into globals: inout GlobalDefinitions) {
        guard let children = block(node) else { return }
        for child in children {
            switch child.name {
            case "router_id":
                if let value = singleValue(child, example: "lb1") { globals.routerID = value.text }
            case "vrrp_version":
                if let value = singleValue(child, example: "3"), let version = vrrpVersion(value, keyword: child.name) {
                    globals.vrrpVersion = version
                }
            case "v3_checksum_as_v2":
                if let value = switchValue(child) { globals.v3ChecksumAsV2 = value }
            case "vrrp_skip_check_adv_addr":
                if let value = switchValue(child) { globals.skipsAdvertAddressCheck = value }
            case "script_user":
                if let (user, group) = userAndGroup(child) {
                    globals.scriptUser = user
                    globals.scriptGroup = group
                }
            case "enable_script_security":
                flag(child)
                globals.enablesScriptSecurity = true
            case "notify_fifo", "vrrp_notify_fifo":
                guard let fifo = notifyFIFO(child) else { continue }
                let path: WritableKeyPath<GlobalDefinitions, NotifyFIFO?> =
                    child.name == "notify_fifo" ? \.notifyFIFO : \.vrrpNotifyFIFO
                let script = globals[keyPath: path]?.script
                globals[keyPath: path] = fifo
                globals[keyPath: path]?.script = script
            case "notify_fifo_script", "vrrp_notify_fifo_script":
                guard let command = scriptCommand(child, takesUser: true) else { continue }
                let path: WritableKeyPath<GlobalDefinitions, NotifyFIFO?> =
                    child.name == "notify_fifo_script" ? \.notifyFIFO : \.vrrpNotifyFIFO
                pendingFIFOScripts.append((path, command))
            case "vrrp_garp_master_delay":
                if let value = garpMasterDelay(child) { globals.garpMasterDelay = value }
            case "vrrp_garp_master_repeat":
                if let value = garpMasterRepeat(child) { globals.garpMasterRepeat = value }
            case "vrrp_garp_master_refresh":
                if let value = garpRefresh(child) { globals.garpMasterRefresh = value }
            case "vrrp_garp_master_refresh_repeat":
                if let value = garpRefreshRepeat(child) { globals.garpMasterRefreshRepeat = value }
            case "vrrp_garp_lower_prio_delay":
                if let value = garpWholeSeconds(child) { globals.garpLowerPriorityDelay = value }
            case "vrrp_garp_lower_prio_repeat":
                if let value = garpCount(child) { globals.garpLowerPriorityRepeat = value }
            case "vrrp_garp_interval":
                if let value = garpInterval(child) { globals.garpInterval = value }
            case "vrrp_gna_interval":
                if let value = garpInterval(child) { globals.gnaInterval = value }
            case let name where Self.globalCounterparts.contains("vrrp_" + name):
                // An instance keyword in global_defs: keepalived does not know it here either.
                diagnostics.warning(
                    "skipped '\(name)': it belongs in a vrrp_instance; in global_defs write 'vrrp_\(name)'",
                    at: child.location)
            default:
                skip(child)
            }
        }
    }

    /// The global_defs defaults keepvip reads whose instance keyword is the same without `vrrp_`.
    private static let globalCounterparts: Set<String> = [
        "vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_master_refresh", "vrrp_garp_master_refresh_repeat",
        "vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat", "vrrp_garp_interval", "vrrp_gna_interval",
        "vrrp_version",
    ]

    /// Attaches each `*_fifo_script` to its FIFO once all of global_defs is read (the order of the two
    /// keywords does not matter); a script without its FIFO is ignored with a warning.
    mutating func attachFIFOScripts(to globals: inout GlobalDefinitions) {
        for (path, command) in pendingFIFOScripts {
            let keyword = path == \GlobalDefinitions.notifyFIFO ? "notify_fifo" : "vrrp_notify_fifo"
            guard globals[keyPath: path] != nil else {
                diagnostics.warning(
                    "'\(keyword)_script' without '\(keyword)' is ignored; add '\(keyword) /run/keepalived/notify.fifo'",
                    at: command.location)
                continue
            }
            globals[keyPath: path]?.script = command
        }
        pendingFIFOScripts = []
    }

    /// `notify_fifo PATH [USER [GROUP]]`.
    private mutating func notifyFIFO(_ node: SyntaxNode) -> NotifyFIFO? {
        guard let path = singleValueWithOptions(node, example: "/run/keepalived/notify.fifo") else { return nil }
        if node.arguments.count > 3 { warnExtraArguments(node, after: 3) }
        return NotifyFIFO(
            path: path.text, user: node.arguments.count > 1 ? node.arguments[1].text : nil,
            group: node.arguments.count > 2 ? node.arguments[2].text : nil, location: node.location)
    }

    mutating func vrrpVersion(_ token: Token, keyword: String) -> VRRPVersion? {
        guard let number = integer(token, keyword: keyword, in: 2...3) else { return nil }
        return number == 3 ? .v3 : .v2
    }
}
