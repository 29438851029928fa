/// One lexical element of a configuration line.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case word
        case openBrace
        case closeBrace
    }

    var kind: Kind
    /// The text with quotes removed and escapes resolved.
    var text: String
    var location: SourceLocation
    /// Whether any part of the word was written in double quotes.
    var isQuoted: Bool = false
    /// The word exactly as written (quotes and backslashes kept). Script keywords re-read it with
    /// keepalived's script quoting rules, which differ from the general ones (see `ScriptWords`).
    var raw: String = ""
}

/// The tokens of one configuration line (after conditionals, includes and macros).
struct LogicalLine: Sendable {
    var tokens: [Token]
    var location: SourceLocation
}
