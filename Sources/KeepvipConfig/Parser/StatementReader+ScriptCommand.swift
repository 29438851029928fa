extension StatementReader {
    /// `KEYWORD COMMAND [USER [GROUP]]` (`notify_*`, `notify_fifo_script`), or `script COMMAND` when
    /// `takesUser` is false. Split twice as keepalived does (see `ScriptWords`): the statement's words
    /// first, then the command word into the argv. `nil` (with a warning, since keepalived ignores such a
    /// command too) when there is no command or it cannot be read.
    mutating func scriptCommand(_ node: SyntaxNode, takesUser: Bool) -> ScriptCommand? {
        rejectBlock(node)
        let example = takesUser ? "\"/etc/keepalived/notify.sh arg\" [USER [GROUP]]" : "\"/etc/keepalived/check.sh arg\""
        guard !node.arguments.isEmpty else {
            diagnostics.warning(
                "'\(node.name)' has no command and is ignored (as keepalived does); write e.g. '\(node.name) \(example)'",
                at: node.location)
            return nil
        }
        guard let words = scriptWords(Self.writtenText(of: node.arguments), node: node),
              let arguments = scriptWords(words.first ?? "", node: node) else { return nil }
        let commandText = words.first ?? ""
        guard let program = arguments.first, !program.isEmpty else {
            diagnostics.warning(
                "'\(node.name)' has an empty command and is ignored (as keepalived does); write e.g. '\(node.name) \(example)'",
                at: node.location)
            return nil
        }
        var command = ScriptCommand(arguments: arguments, location: node.location)
        let allowed = takesUser ? 3 : 1
        if takesUser {
            if words.count > 1 { command.user = words[1] }
            if words.count > 2 { command.group = words[2] }
        }
        if words.count > allowed {
            let extra = words[allowed...].joined(separator: " ")
            let hint = takesUser
                ? "only USER and GROUP may follow the command"
                : "to pass arguments, quote the whole command: \(node.name) \"\(([commandText] + words[1...]).joined(separator: " "))\""
            diagnostics.warning(
                "'\(extra)' after the command of '\(node.name)' is ignored (as keepalived does); \(hint)",
                at: node.arguments[min(allowed, node.arguments.count - 1)].location)
        }
        return command
    }

    /// The words of `text` under keepalived's script rules, or a warning naming the problem.
    private mutating func scriptWords(_ text: String, node: SyntaxNode) -> [String]? {
        switch ScriptWords.split(text) {
        case .success(let words):
            return words
        case .failure(.unterminatedQuote(let quote)):
            diagnostics.warning(
                "the command of '\(node.name)' opens a \(quote) quote that is not closed, so keepalived ignores the "
                    + "command and so does keepvip; close the quote",
                at: node.arguments[0].location)
        case .failure(.trailingBackslash):
            diagnostics.warning(
                "the command of '\(node.name)' ends with a lone backslash, so keepalived ignores the command and so "
                    + "does keepvip; remove it or write '\\\\'",
                at: node.arguments[0].location)
        }
        return nil
    }

    /// The statement's words as written (quotes and backslashes kept), with the blanks between them.
    static func writtenText(of tokens: [Token]) -> String {
        var text = ""
        var previousEnd: SourceLocation?
        for token in tokens {
            if let end = previousEnd {
                let gap = token.location.file == end.file && token.location.line == end.line
                    ? token.location.column - end.column : 1
                text += String(repeating: " ", count: max(1, gap))
            }
            text += token.raw.isEmpty ? token.text : token.raw
            var end = token.location
            end.column += (token.raw.isEmpty ? token.text : token.raw).utf8.count
            previousEnd = end
        }
        return text
    }
}
