/// Matches braces across logical lines and builds the statement tree.
///
/// A `{` opens a block for the statement before it on the same line, or (Allman style) for the
/// statement on the previous line. Text after `{` on the same line is the block's first statement.
/// An extra `}` and a block still open at the end are errors with the fix.
enum SyntaxTreeBuilder {
    static let maximumDepth = 32

    private struct Frame {
        var opener: SyntaxNode?
        var nodes: [SyntaxNode] = []
    }

    static func build(lines: [LogicalLine], end: SourceLocation, diagnostics: inout DiagnosticLog) -> [SyntaxNode] {
        var stack: [Frame] = [Frame()]
        var pending: SyntaxNode?

        func finishPending() {
            if let node = pending {
                stack[stack.count - 1].nodes.append(node)
                pending = nil
            }
        }

        for line in lines {
            for token in line.tokens {
                switch token.kind {
                case .word:
                    if pending == nil {
                        pending = SyntaxNode(keyword: token, arguments: [], children: nil)
                    } else {
                        pending?.arguments.append(token)
                    }
                case .openBrace:
                    var opener: SyntaxNode
                    if let node = pending {
                        opener = node
                        pending = nil
                    } else if let last = stack[stack.count - 1].nodes.last, !last.isBlock {
                        opener = last
                        stack[stack.count - 1].nodes.removeLast()
                    } else {
                        diagnostics.error(
                            "'{' does not follow a keyword; put the block's keyword before it or remove the '{'",
                            at: token.location)
                        opener = SyntaxNode(keyword: token, arguments: [], children: nil)
                    }
                    if stack.count > maximumDepth {
                        diagnostics.error(
                            "blocks nest deeper than \(maximumDepth) levels; check for a missing '}'", at: token.location)
                    }
                    opener.openBrace = token.location
                    stack.append(Frame(opener: opener))
                case .closeBrace:
                    finishPending()
                    if stack.count == 1 {
                        diagnostics.error(
                            "'}' has no matching '{'; remove it (or add the missing '{' earlier)", at: token.location)
                        continue
                    }
                    close(&stack)
                }
            }
            finishPending()
        }
        finishPending()
        while stack.count > 1 {
            if let opener = stack[stack.count - 1].opener {
                let opened = opener.openBrace ?? opener.location
                diagnostics.error(
                    "'\(opener.name)' block opened at \(opened) is not closed at the end of the file; "
                        + "add the missing '}' for the block opened at \(opened)",
                    at: end)
            }
            close(&stack)
        }
        return stack[0].nodes
    }

    private static func close(_ stack: inout [Frame]) {
        let frame = stack.removeLast()
        guard var node = frame.opener else { return }
        node.children = frame.nodes
        stack[stack.count - 1].nodes.append(node)
    }
}
