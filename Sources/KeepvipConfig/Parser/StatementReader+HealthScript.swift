extension StatementReader {
    /// `vrrp_script NAME { script …  interval S  timeout S  weight N [reverse]  rise N  fall N
    /// user USER [GROUP]  init_fail }` (keepalived.conf(5), "VRRP script(s)"; limits from vrrp_parser.c).
    /// `nil` when the block has no usable `script` (keepalived removes such a script, with a warning).
    mutating func readHealthScript(_ node: SyntaxNode) -> HealthScript? {
        guard let children = block(node), let name = blockName(node, example: "vrrp_script chk_haproxy {") else {
            return nil
        }
        var command: ScriptCommand?
        var interval = HealthScript.Defaults.interval
        var timeout: Duration?
        var weight = 0
        var isReversed = false
        var rise = 1
        var fall = 1
        var user: (String, String?)?
        var startsFailed = false
        for child in children {
            switch child.name {
            case "script":
                if let value = scriptCommand(child, takesUser: false) { command = value }
            case "interval":
                if let value = scriptSeconds(child) { interval = value }
            case "timeout":
                if let value = scriptSeconds(child) { timeout = value }
            case "weight":
                guard let value = singleValueWithOptions(child, example: "-20"),
                      let number = integer(value, keyword: "vrrp_script weight", in: HealthScript.Defaults.weightRange)
                else { continue }
                weight = number
                isReversed = reverseOption(child, allowed: ["reverse"]) ?? false
            case "rise", "fall":
                guard let value = singleValue(child, example: "3"),
                      let number = integer(value, keyword: child.name, in: 1...Int(Int32.max)) else { continue }
                if child.name == "rise" { rise = number } else { fall = number }
            case "user":
                if let value = userAndGroup(child) { user = value }
            case "init_fail":
                flag(child)
                startsFailed = true
            default:
                skip(child)
            }
        }
        guard var command else {
            diagnostics.warning(
                "vrrp_script '\(name)' has no 'script' and is ignored (keepalived removes it too); add e.g. "
                    + "'script \"/etc/keepalived/check.sh\"'",
                at: node.location)
            return nil
        }
        if let (userName, group) = user {
            command.user = userName
            command.group = group
        }
        return HealthScript(
            name: name, location: node.location, command: command, interval: interval, timeout: timeout,
            weight: weight, isReversed: isReversed, rise: rise, fall: fall, startsFailed: startsFailed)
    }

    /// The name after a top-level block keyword, or an error with the example.
    mutating func blockName(_ node: SyntaxNode, example: String) -> String? {
        guard let name = node.arguments.first else {
            diagnostics.error("'\(node.name)' needs a name; write '\(example)'", at: node.location)
            return nil
        }
        if node.arguments.count > 1 { warnExtraArguments(node, after: 1) }
        return name.text
    }

    /// `interval` / `timeout` of a vrrp_script: whole seconds 1-4294; 0 becomes 1 with a warning (keepalived
    /// accepts 0 for compatibility with versions before 2.0.7 and raises it).
    private mutating func scriptSeconds(_ node: SyntaxNode) -> Duration? {
        let maximum = HealthScript.Defaults.maximumSeconds
        guard let value = singleValue(node, example: "2"),
              let number = integer(value, keyword: "vrrp_script \(node.name)", in: 0...maximum) else { return nil }
        if number == 0 {
            diagnostics.warning(
                "vrrp_script \(node.name) 0 is raised to 1 second (as keepalived does); write '\(node.name) 1'",
                at: value.location)
            return .seconds(1)
        }
        return .seconds(number)
    }

    /// The first value of a statement that may carry options after it (`weight -20 reverse`).
    mutating func singleValueWithOptions(_ node: SyntaxNode, example: String) -> Token? {
        rejectBlock(node)
        guard let value = node.arguments.first else {
            diagnostics.error("'\(node.name)' needs a value; write e.g. '\(node.name) \(example)'", at: node.location)
            return nil
        }
        return value
    }

    /// The word after a weight (`reverse`, `noreverse` where allowed); `nil` when absent or unknown.
    mutating func reverseOption(_ node: SyntaxNode, allowed: [String]) -> Bool? {
        guard node.arguments.count >= 2 else { return nil }
        let option = node.arguments[1]
        if node.arguments.count > 2 { warnExtraArguments(node, after: 2) }
        switch option.text {
        case "reverse" where allowed.contains("reverse"): return true
        case "noreverse" where allowed.contains("noreverse"): return false
        default:
            diagnostics.warning(
                "unknown weight option '\(option.text)' is ignored; write '\(allowed.joined(separator: "' or '"))'",
                at: option.location)
            return nil
        }
    }

    /// `KEYWORD USER [GROUP]`.
    mutating func userAndGroup(_ node: SyntaxNode) -> (String, String?)? {
        rejectBlock(node)
        guard let user = node.arguments.first else {
            diagnostics.error("'\(node.name)' needs a user name; write e.g. '\(node.name) keepalived_script'", at: node.location)
            return nil
        }
        if node.arguments.count > 2 { warnExtraArguments(node, after: 2) }
        return (user.text, node.arguments.count > 1 ? node.arguments[1].text : nil)
    }
}
