import Testing
@testable import KeepvipConfig

struct LexerTests {
    func tokens(_ line: String) -> [String] {
        Lexer.tokenize(Array(line.utf8)[...], file: "f", line: 1).tokens.map(\.text)
    }

    func columns(_ line: String) -> [Int] {
        Lexer.tokenize(Array(line.utf8)[...], file: "f", line: 1).tokens.map(\.location.column)
    }

    @Test func splitsWordsAndGluedBraces() {
        #expect(tokens("unicast_peer{") == ["unicast_peer", "{"])
        #expect(tokens("  a {b}  ") == ["a", "{", "b", "}"])
        #expect(columns("  a {b}") == [3, 5, 6, 7])
    }

    @Test func stripsCommentsAnywhereOutsideQuotes() {
        #expect(tokens("priority 100 # main ! node") == ["priority", "100"])
        #expect(tokens("priority 100! backup") == ["priority", "100"])
        #expect(tokens("! whole line") == [])
        #expect(tokens("script \"echo # not a comment\"") == ["script", "echo # not a comment"])
    }

    @Test func handlesQuotesAndEscapes() {
        let result = Lexer.tokenize(Array(#"a"b c"d "x\"y\tz""#.utf8)[...], file: "f", line: 1)
        #expect(result.tokens.map(\.text) == ["ab cd", "x\"y\tz"])
        #expect(result.tokens.map(\.isQuoted) == [true, true])
        #expect(result.unterminatedQuoteColumn == nil)
        let open = Lexer.tokenize(Array(#"notify "abc"#.utf8)[...], file: "f", line: 1)
        #expect(open.tokens.map(\.text) == ["notify", "abc"])
        #expect(open.unterminatedQuoteColumn == 8)
    }

    @Test func keepsMacroReferencesTogether() {
        #expect(tokens("${BASE}.1/24 dev ${IF}") == ["${BASE}.1/24", "dev", "${IF}"])
    }

    @Test func treatsTabsCarriageReturnsAndCJKAsExpected() {
        #expect(tokens("\tpriority\t100\r") == ["priority", "100"])
        #expect(tokens("state MASTER # 主节点") == ["state", "MASTER"])
    }
}
