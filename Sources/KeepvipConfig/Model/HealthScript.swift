/// A `vrrp_script NAME { … }` block: a command run periodically whose exit status instances track.
///
/// keepalived.conf(5) "VRRP script(s)": with weight 0 a tracking instance goes to FAULT after `fall`
/// failures and leaves it after `rise` successes; a positive weight is added to the priority while the
/// script succeeds, a negative one subtracted while it fails (`isReversed` swaps the direction).
public struct HealthScript: Sendable, Hashable {
    public var name: String
    /// Where `vrrp_script NAME` is written.
    @SourcePosition public var location: SourceLocation
    /// `script`: the command (its `user`/`group` come from the block's `user` keyword).
    public var command: ScriptCommand
    /// `interval`: time between runs, whole seconds, default 1 s.
    public var interval: Duration
    /// `timeout`: a run lasting longer counts as a failure and is killed. keepalived's default is
    /// "unset", which means the interval (vrrp_scheduler.c runs the script with `timeout ?: interval`);
    /// that is resolved here, so this is always the effective value.
    public var timeout: Duration
    /// `weight`: -253…253, default 0.
    public var weight: Int
    /// `weight N reverse`.
    public var isReversed: Bool
    /// `rise`: successes needed to count as up, default 1.
    public var rise: Int
    /// `fall`: failures needed to count as down, default 1.
    public var fall: Int
    /// `init_fail`: the script starts in the failed state instead of "not yet run".
    public var startsFailed: Bool

    public init(
        name: String, location: SourceLocation, command: ScriptCommand, interval: Duration = Defaults.interval,
        timeout: Duration? = nil, weight: Int = 0, isReversed: Bool = false, rise: Int = 1, fall: Int = 1,
        startsFailed: Bool = false
    ) {
        self.name = name
        self.location = location
        self.command = command
        self.interval = interval
        self.timeout = timeout ?? interval
        self.weight = weight
        self.isReversed = isReversed
        self.rise = rise
        self.fall = fall
        self.startsFailed = startsFailed
    }

    /// keepalived's defaults and limits (vrrp_track.h, vrrp_parser.c).
    public enum Defaults {
        public static let interval: Duration = .seconds(1)
        /// `interval` and `timeout` are whole seconds up to UINT_MAX / TIMER_HZ.
        public static let maximumSeconds = 4294
        public static let weightRange = -253...253
    }
}
