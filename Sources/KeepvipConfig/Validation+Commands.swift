extension Validation {
    /// Looks up the program of every script and notify command and records it in `executablePath`.
    /// A missing or non-executable program is a warning at the keyword: keepalived disables such a script
    /// (lib/notify.c, `check_script_secure`), and the runtime counts a health script as failing.
    static func locateCommands(
        in configuration: inout Configuration, fileSystem: any ConfigurationFileSystem, diagnostics: inout DiagnosticLog
    ) {
        func locate(_ command: inout ScriptCommand, keyword: String, consequence: String) {
            let lookup = fileSystem.locateExecutable(command.program)
            command.executablePath = lookup.path
            guard lookup.path == nil else { return }
            let problem: String
            let fix: String
            switch lookup.rejected {
            case nil:
                problem = "'\(command.program)' is not found in \(ScriptCommand.searchPath.joined(separator: ":"))"
                fix = "write its full path or install it"
            case let (path, status)?:
                switch status {
                case .notExecutable:
                    problem = "'\(path)' is not executable"
                    fix = "run 'chmod +x \(path)'"
                case .notRegularFile:
                    problem = "'\(path)' is not a regular file"
                    fix = "point \(keyword) at the program itself"
                case .missing, .executable:
                    problem = "'\(path)' does not exist"
                    fix = "install it or correct the path"
                }
            }
            diagnostics.warning("\(keyword): \(problem); \(consequence); \(fix)", at: command.location)
        }
        let disabledScript = "keepalived disables such a script and keepvip counts it as failing"
        let skippedNotify = "keepalived disables such a command and keepvip will not run it"
        for index in configuration.scripts.indices {
            locate(&configuration.scripts[index].command, keyword: "script", consequence: disabledScript)
        }
        func locateAll(_ notify: inout NotifyScripts) {
            let paths: [(WritableKeyPath<NotifyScripts, ScriptCommand?>, String)] = [
                (\.master, "notify_master"), (\.backup, "notify_backup"), (\.fault, "notify_fault"),
                (\.stop, "notify_stop"), (\.generic, "notify"), (\.masterReceivedLowerPriority, "notify_master_rx_lower_pri"),
            ]
            for (path, keyword) in paths where notify[keyPath: path] != nil {
                locate(&notify[keyPath: path]!, keyword: keyword, consequence: skippedNotify)
            }
        }
        for index in configuration.instances.indices { locateAll(&configuration.instances[index].notify) }
        for index in configuration.syncGroups.indices { locateAll(&configuration.syncGroups[index].notify) }
        if configuration.globals.notifyFIFO?.script != nil {
            locate(&configuration.globals.notifyFIFO!.script!, keyword: "notify_fifo_script", consequence: skippedNotify)
        }
        if configuration.globals.vrrpNotifyFIFO?.script != nil {
            locate(&configuration.globals.vrrpNotifyFIFO!.script!, keyword: "vrrp_notify_fifo_script", consequence: skippedNotify)
        }
    }
}
