extension StatementReader {
    /// One warning for a statement keepvip does not use (a whole block counts once).
    mutating func skip(_ node: SyntaxNode) {
        let what = node.isBlock ? "block '\(node.name)'" : "'\(node.name)'"
        if KeywordCatalog.isKeepalivedKeyword(node.name) {
            diagnostics.warning(
                "skipped \(what): a keepalived keyword keepvip does not implement yet", at: node.location)
        } else {
            diagnostics.warning(
                "skipped \(what): unknown keyword (keepalived does not know it either); check the spelling",
                at: node.location)
        }
    }
}
