/// `notify_fifo PATH [USER [GROUP]]` / `vrrp_notify_fifo …` in global_defs, with the matching
/// `*_fifo_script`: a FIFO keepalived writes one line per event to, e.g. `INSTANCE "VI_1" MASTER 100`.
public struct NotifyFIFO: Sendable, Hashable {
    public var path: String
    /// The owner given to the FIFO keepalived creates; `nil` keeps the daemon's own.
    public var user: String?
    public var group: String?
    @SourcePosition public var location: SourceLocation
    /// `notify_fifo_script` / `vrrp_notify_fifo_script`: started by keepalived to read the FIFO; the FIFO
    /// path is appended as its last argument.
    public var script: ScriptCommand?

    public init(path: String, user: String? = nil, group: String? = nil, location: SourceLocation, script: ScriptCommand? = nil) {
        self.path = path
        self.user = user
        self.group = group
        self.location = location
        self.script = script
    }
}
