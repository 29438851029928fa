/// A statement: a keyword, its words on the same line, and, for a block, the statements inside `{ }`.
struct SyntaxNode: Sendable {
    var keyword: Token
    var arguments: [Token]
    /// `nil` for a plain statement; the inner statements for a block.
    var children: [SyntaxNode]?
    /// Where the block's `{` is (for blocks only).
    var openBrace: SourceLocation?

    var name: String { keyword.text }
    var location: SourceLocation { keyword.location }
    var isBlock: Bool { children != nil }

    /// The number of statements in this block and all blocks inside it.
    var statementCount: Int {
        (children ?? []).reduce(0) { $0 + 1 + $1.statementCount }
    }
}
