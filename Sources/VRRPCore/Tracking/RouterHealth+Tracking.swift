extension RouterHealth {
    /// The verdict of a router's trackers (keepalived's arithmetic, vrrp_track.c): FAULT when any tracker
    /// says so, otherwise `basePriority` plus every tracker's adjustment, limited to 1…254 (keepalived.conf(5):
    /// "the effective priority will be limited to the range [1,254]"). The address owner's 255 never moves.
    public init(basePriority: UInt8, trackers: [TrackerStatus]) {
        var isFaulted = false
        var total = Int(basePriority)
        for tracker in trackers {
            switch tracker.verdict {
            case .fault: isFaulted = true
            case .adjust(let amount): total += amount
            case .awaiting: break
            }
        }
        let priority = basePriority == 255 ? 255 : UInt8(min(max(total, 1), 254))
        self.init(isFaulted: isFaulted, effectivePriority: priority)
    }
}
