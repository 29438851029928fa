/// A command keepalived would run: a `vrrp_script`'s `script`, a `notify_*` or a `notify_fifo_script`.
public struct ScriptCommand: Sendable, Hashable {
    /// The argv, split as keepalived splits a script string (see `ScriptWords`); never empty.
    /// `arguments[0]` is the program as written (a path, or a bare name searched in `searchPath`).
    public var arguments: [String]
    /// `[username [groupname]]` after the command; `nil` means global_defs `script_user`, else
    /// keepalived's default (user `keepalived_script` if it exists, otherwise the daemon's own user).
    public var user: String?
    /// The group to run as; `nil` means the user's primary group.
    public var group: String?
    /// Where the keyword (`script`, `notify_master`, …) is written.
    @SourcePosition public var location: SourceLocation
    /// The program found when the configuration was read: `arguments[0]` itself when it holds a `/`,
    /// else the first executable `searchPath` entry. `nil` when it was missing or not executable
    /// (reported as a warning): keepalived then disables the script, so the runtime should count a
    /// health script as failing and skip a notify command.
    public var executablePath: String?

    public init(
        arguments: [String], user: String? = nil, group: String? = nil, location: SourceLocation,
        executablePath: String? = nil
    ) {
        self.arguments = arguments
        self.user = user
        self.group = group
        self.location = location
        self.executablePath = executablePath
    }

    /// The program as written.
    public var program: String { arguments.first ?? "" }

    /// Where a bare program name (no `/`) is looked up. keepalived searches its own `$PATH`; started by
    /// systemd that is systemd's default, used here so that the result does not depend on who runs
    /// `keepvip check`.
    public static let searchPath = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
}
