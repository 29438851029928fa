import Testing
@testable import KeepvipConfig

struct ScriptWordsTests {
    func words(_ text: String) -> [String]? {
        try? ScriptWords.split(text).get()
    }

    @Test func splitsOnBlanks() {
        #expect(words("/bin/check  arg1\targ2 ") == ["/bin/check", "arg1", "arg2"])
        #expect(words("   ") == [])
    }

    @Test func quotesGroupAndJoin() {
        #expect(words("/x 'two words' \"and three more\"") == ["/x", "two words", "and three more"])
        #expect(words("a\"b c\"d") == ["ab cd"])
        #expect(words("a '' b") == ["a", "", "b"])
        #expect(words("'it\"s'") == ["it\"s"])
    }

    @Test func escapesWorkEverywhere() {
        #expect(words(#"a\ b"#) == ["a b"])
        #expect(words(#"'a\'b'"#) == ["a'b"])
        #expect(words(#""\t\n\x41\101\cA\q\\""#) == ["\t\nAA\u{01}q\\"])
        #expect(words(#"\x"#) == ["x"])
        #expect(words(#"\x414"#) == ["\u{14}"])
    }

    @Test func reportsUnreadableText() {
        #expect(ScriptWords.split("/x 'open") == .failure(.unterminatedQuote("'")))
        #expect(ScriptWords.split("/x \"open") == .failure(.unterminatedQuote("\"")))
        #expect(ScriptWords.split(#"/x \"#) == .failure(.trailingBackslash))
    }

    @Test func statementsAreSplitTwiceLikeKeepalived() throws {
        let text = """
            vrrp_script a {
                script "/usr/bin/check 'two words' x"
            }
            vrrp_script b {
                script '/usr/bin/check "quoted arg"'
            }
            vrrp_script c {
                script /usr/bin/check\\ me
            }
            """ + "\n" + instance("    notify_master \"/usr/bin/notify master\" root wheel")
        let result = load(text, executables: ["/usr/bin/check", "/usr/bin/check me", "/usr/bin/notify"])
        #expect(result.diagnostics.map(\.description).filter { !$0.contains("virtual_ipaddress") } == [])
        let configuration = try #require(result.configuration)
        #expect(configuration.scripts.map(\.command.arguments) == [
            ["/usr/bin/check", "two words", "x"], ["/usr/bin/check", "quoted arg"],
            // The escaped blank survives the first reading only: the second one splits there.
            ["/usr/bin/check", "me"],
        ])
        let notify = try #require(configuration.instances.first?.notify.master)
        #expect(notify.arguments == ["/usr/bin/notify", "master"])
        #expect(notify.user == "root")
        #expect(notify.group == "wheel")
        #expect(notify.location == SourceLocation(file: "test.conf", line: 13, column: 5))
    }

    @Test func unquotedArgumentsOfScriptAreIgnoredWithAWarning() throws {
        let result = load("vrrp_script a {\n    script /usr/bin/check arg\n}", executables: ["/usr/bin/check"])
        #expect(result.warningTexts == [
            "test.conf:2:27: warning: 'arg' after the command of 'script' is ignored (as keepalived does); to pass "
                + "arguments, quote the whole command: script \"/usr/bin/check arg\"",
        ])
        #expect(result.configuration?.scripts.first?.command.arguments == ["/usr/bin/check"])
    }

    @Test func anOpenQuoteDropsTheCommand() {
        let result = load("vrrp_script a {\n    script \"/usr/bin/check 'x\"\n}")
        #expect(result.warningTexts == [
            "test.conf:2:12: warning: the command of 'script' opens a ' quote that is not closed, so keepalived ignores "
                + "the command and so does keepvip; close the quote",
            "test.conf:1:1: warning: vrrp_script 'a' has no 'script' and is ignored (keepalived removes it too); add "
                + "e.g. 'script \"/etc/keepalived/check.sh\"'",
        ].sorted())
    }
}
