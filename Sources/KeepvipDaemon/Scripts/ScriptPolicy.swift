import Glibc
import KeepvipLinux

/// A command ready to run: the program path to execute, its arguments and who runs it.
public struct ResolvedScript: Equatable, Sendable {
    public var arguments: [String]
    /// nil: run as the daemon's own user (root).
    public var credentials: Credentials?
    /// How log lines name it: the command as configured.
    public var name: String
}

/// Who runs scripts and whether they are safe to run, as keepalived decides it:
/// a script's own `user`, else `script_user` from global_defs, else `keepalived_script` when that
/// user exists, else root (with a warning). With `enable_script_security`, a script that would
/// run as root from a path a non-root user can write is refused.
public struct ScriptPolicy {
    public var scriptUser: (user: String, group: String?)?
    public var enableScriptSecurity: Bool
    private let defaultUserExists: Bool

    public init(scriptUser: (user: String, group: String?)?, enableScriptSecurity: Bool) {
        self.scriptUser = scriptUser
        self.enableScriptSecurity = enableScriptSecurity
        defaultUserExists = (try? UserDatabase.defaultScriptUserExists()) ?? false
    }

    /// Why scripts without a `user` of their own run as root, or nil when they do not.
    public var rootFallbackWarning: String? {
        guard scriptUser == nil && !defaultUserExists else { return nil }
        return "script user '\(UserDatabase.defaultScriptUser)' does not exist and no script_user is set: scripts run as root"
    }

    /// Resolves `arguments` run as `user` (a script's own `user USER [GROUP]`), or says why it
    /// must not run.
    public func resolve(_ arguments: [String], user: (user: String, group: String?)? = nil) -> Result<ResolvedScript, ScriptRefusal> {
        let name = arguments.joined(separator: " ")
        guard let program = arguments.first else { return .failure(ScriptRefusal(script: name, reason: "empty command")) }
        let owner = user ?? scriptUser ?? (defaultUserExists ? (UserDatabase.defaultScriptUser, nil) : nil)
        var credentials: Credentials?
        if let owner {
            do {
                credentials = try UserDatabase.credentials(user: owner.user, group: owner.group)
            } catch {
                return .failure(ScriptRefusal(script: name, reason: error.description))
            }
        }
        var resolved = arguments
        if enableScriptSecurity {
            do {
                resolved[0] = try ScriptSecurity.check(program, uid: credentials?.uid ?? 0, gid: credentials?.gid ?? 0)
            } catch {
                return .failure(ScriptRefusal(script: name, reason: "unsafe (enable_script_security): \(error)"))
            }
        }
        if credentials?.uid == 0 && credentials?.gid == 0 { credentials = nil }
        return .success(ResolvedScript(arguments: resolved, credentials: credentials, name: name))
    }
}

/// Why a script is not run.
public struct ScriptRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var script: String
    public var reason: String
    public var description: String { "script '\(script)' will not be run: \(reason)" }
}
