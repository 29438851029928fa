/// One tracker of a router as the runtime sees it now, with its weight (after the instance's override:
/// keepalived.conf(5), `track_script { NAME weight W }` replaces the script's own weight).
public enum TrackerStatus: Hashable, Sendable {
    /// A `vrrp_script` through its `RiseFallCounter`.
    case script(ScriptStatus, weight: TrackingWeight)
    /// A `track_interface`: whether the link is up.
    case interface(isUp: Bool, weight: TrackingWeight)
    /// A `track_file`: the number read from it (the shell reads it as keepalived does:
    /// KeepvipLinux's `TrackFileValue`), nil when the file is missing, which counts as 0.
    case file(value: Int?, weight: TrackingWeight)

    /// What this tracker does to the router.
    var verdict: TrackerVerdict {
        switch self {
        case .script(.pending, let weight):
            // keepalived: no weight is applied before the first result; with weight 0 the router
            // waits in INIT (reported through `isAwaitingFirstResult`), it is not faulted.
            return weight.value == 0 ? .awaiting : .adjust(0)
        case .script(let status, let weight):
            return Self.upDown(isUp: status == .good, weight: weight)
        case .interface(let isUp, let weight):
            return Self.upDown(isUp: isUp, weight: weight)
        case .file(let value, let weight):
            // keepalived keeps a file's value within -254…254.
            return Self.file(min(max(value ?? 0, -254), 254), weight: weight)
        }
    }

    /// A script with weight 0 that has not reported yet: keepalived keeps the router in INIT.
    public var isAwaitingFirstResult: Bool { verdict == .awaiting }

    /// This tracker alone puts the router in FAULT.
    public var isFaulting: Bool { verdict == .fault }

    private static func upDown(isUp: Bool, weight: TrackingWeight) -> TrackerVerdict {
        if weight.value == 0 { return weight.faults(isUp: isUp) ? .fault : .adjust(0) }
        return .adjust(weight.adjustment(isUp: isUp))
    }

    /// keepalived.conf(5), "Track files": with weight 0 a non-zero value is a failure; otherwise the value
    /// times the weight is added, and a result below -253 means FAULT (keepalived clamps the product to
    /// -254…253, vrrp_track.c). `reverse` negates the weight.
    private static func file(_ value: Int, weight: TrackingWeight) -> TrackerVerdict {
        if weight.value == 0 { return value == 0 ? .adjust(0) : .fault }
        let product = value * weight.signedValue
        return product < -253 ? .fault : .adjust(min(product, 253))
    }
}

/// One tracker's effect.
enum TrackerVerdict: Hashable, Sendable {
    case fault
    case adjust(Int)
    case awaiting
}
