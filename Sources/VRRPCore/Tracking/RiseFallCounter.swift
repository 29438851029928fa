/// A `vrrp_script`'s `rise` and `fall`: consecutive results needed to change its status.
///
/// keepalived.conf(5): "required number of successes for OK transition" (`rise`) and of failures for
/// the KO one (`fall`); a result against the run resets the count. Without `init_fail` the status
/// starts unknown and the first result decides it at once, whatever `rise` and `fall` say (keepalived
/// starts the counter one short of OK: "one success is enough", and a failure from there is KO);
/// with `init_fail` it starts KO and needs `rise` successes. A timeout is a failure.
public struct RiseFallCounter: Hashable, Sendable {
    public let rise: Int
    public let fall: Int
    public private(set) var status: ScriptStatus
    /// Consecutive results against the current status.
    private var streak = 0

    /// `rise` and `fall` below 1 count as 1 (keepalived's default for both).
    public init(rise: Int = 1, fall: Int = 1, initiallyFailed: Bool = false) {
        self.rise = max(rise, 1)
        self.fall = max(fall, 1)
        status = initiallyFailed ? .bad : .pending
    }

    /// Records one run; returns whether the status changed.
    @discardableResult
    public mutating func record(_ result: ScriptResult) -> Bool {
        let previous = status
        switch (status, result.isSuccess) {
        case (.pending, true):
            status = .good
        case (.pending, false):
            status = .bad
        case (.good, true), (.bad, false):
            streak = 0
        case (.bad, true):
            streak += 1
            if streak >= rise { status = .good }
        case (.good, false):
            streak += 1
            if streak >= fall { status = .bad }
        }
        if status != previous { streak = 0 }
        return status != previous
    }
}
