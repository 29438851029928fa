import Glibc
import KeepvipLinux
import Testing

@testable import KeepvipDaemon

@Suite struct ScriptPolicyTests {
    @Test func aScriptsOwnUserWinsOverScriptUser() throws {
        let policy = ScriptPolicy(scriptUser: ("root", nil), enableScriptSecurity: false)
        let resolved = try policy.resolve(["/bin/true"], user: ("nobody", nil)).get()
        #expect(resolved.credentials?.uid == 65534)
        #expect(try policy.resolve(["/bin/true"]).get().credentials == nil)
    }

    @Test func onlyAMissingScriptUserFallsBackToRoot() {
        #expect(ScriptPolicy(scriptUser: ("nobody", nil), enableScriptSecurity: false).rootFallbackWarning == nil)
        let fallback = ScriptPolicy(scriptUser: nil, enableScriptSecurity: false)
        let defaultUserExists = (try? UserDatabase.defaultScriptUserExists()) ?? false
        #expect((fallback.rootFallbackWarning == nil) == defaultUserExists)
    }

    @Test func anUnknownUserIsARefusal() {
        let policy = ScriptPolicy(scriptUser: ("no-such-user-here", nil), enableScriptSecurity: false)
        guard case .failure(let refusal) = policy.resolve(["/bin/true"]) else {
            Issue.record("an unknown script_user was accepted")
            return
        }
        #expect(refusal.description.contains("no-such-user-here"))
    }

    @Test func scriptSecurityRefusesAWorldWritableDirectoryAndNamesIt() throws {
        var template = Array("/tmp/keepvip-policy.XXXXXX".utf8CString)
        let directory = try #require(mkdtemp(&template).map { String(cString: $0) })
        defer {
            unlink(directory + "/open/check")
            rmdir(directory + "/open")
            rmdir(directory)
        }
        mkdir(directory + "/open", 0o755)
        chmod(directory + "/open", 0o777)
        let fd = open(directory + "/open/check", O_WRONLY | O_CREAT, 0o755)
        close(fd)
        let secure = ScriptPolicy(scriptUser: ("root", nil), enableScriptSecurity: true)
        guard case .failure(let refusal) = secure.resolve([directory + "/open/check"]) else {
            Issue.record("a script in a world-writable directory was accepted")
            return
        }
        #expect(refusal.description.contains(directory + "/open"))
        let relaxed = ScriptPolicy(scriptUser: ("root", nil), enableScriptSecurity: false)
        #expect((try? relaxed.resolve([directory + "/open/check"]).get()) != nil)
    }
}
