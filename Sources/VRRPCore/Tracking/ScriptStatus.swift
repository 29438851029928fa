/// What `rise` / `fall` make of a `vrrp_script`'s results so far (see `RiseFallCounter`).
public enum ScriptStatus: Hashable, Sendable {
    /// No result yet and no `init_fail`: keepalived holds a router tracking it with weight 0 in INIT
    /// until the first result, and applies no weight meanwhile (vrrp_track.c, script init state).
    case pending
    /// keepalived's OK.
    case good
    /// keepalived's KO.
    case bad
}

/// How one run of a tracking script ended.
public enum ScriptResult: Hashable, Sendable {
    /// Exit status 0.
    case success
    /// Any other exit status, or killed by a signal.
    case failure
    /// Still running after `timeout`: keepalived.conf(5), `vrrp_script timeout`: "seconds after which
    /// script is considered to have failed".
    case timeout

    public var isSuccess: Bool { self == .success }
}
