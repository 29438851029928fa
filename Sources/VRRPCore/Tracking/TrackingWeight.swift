/// How much a tracker moves the priority, keepalived's `weight N [reverse]` (keepalived.conf(5),
/// `track_interface`, `track_script`, `track_file`).
///
/// Zero makes the tracker decide FAULT instead. `reverse` negates the adjustment of a non-zero weight
/// ("the direction of the adjustment of the priority is reversed") and, with weight 0, swaps which
/// status means FAULT ("'weight 0 reverse' will cause the vrrp instance to be down when the script is
/// up, and vice versa").
public struct TrackingWeight: Hashable, Sendable {
    public var value: Int
    public var isReversed: Bool

    public init(_ value: Int, reversed: Bool = false) {
        self.value = value
        self.isReversed = reversed
    }

    /// No weight: the tracker decides FAULT (keepalived's default for scripts and interfaces).
    public static let none = TrackingWeight(0)

    /// An instance's `track_script { NAME weight W [reverse|noreverse] }` over the script's own weight:
    /// keepalived takes the instance's value and keeps the script's `reverse` unless the instance line says
    /// `reverse` or `noreverse` (vrrp_track.c, track script allocation).
    public func overridden(by value: Int?, reversed: Bool? = nil) -> TrackingWeight {
        TrackingWeight(value ?? self.value, reversed: reversed ?? isReversed)
    }

    /// `value` with `reverse` applied: what is added to the priority when the weight applies.
    var signedValue: Int { isReversed ? -value : value }

    /// The adjustment of a weighted up/down tracker (script, interface): keepalived adds a positive weight
    /// while the tracker is up and a negative one while it is down, each negated by `reverse`
    /// (keepalived.conf(5) `track_interface`: "increased by the weight when the interface is up (for
    /// positive weights), or decreased by the weight's absolute value when the interface is down (for
    /// negative weights), unless reverse is specified").
    func adjustment(isUp: Bool) -> Int {
        switch (isUp, value > 0) {
        case (true, true), (false, false): signedValue
        default: 0
        }
    }

    /// For weight 0: whether an up/down tracker in this status puts the router in FAULT.
    func faults(isUp: Bool) -> Bool { isUp == isReversed }
}
