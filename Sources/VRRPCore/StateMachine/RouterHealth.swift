/// What the tracked interfaces, scripts and files say about a router (see `RouterHealth(basePriority:trackers:)`).
public struct RouterHealth: Hashable, Sendable {
    /// A tracker without weight failed: the router must be in FAULT.
    public var isFaulted: Bool
    /// The configured priority moved by the weights of the trackers: what adverts carry and elections use.
    public var effectivePriority: UInt8

    public init(isFaulted: Bool = false, effectivePriority: UInt8) {
        self.isFaulted = isFaulted
        self.effectivePriority = effectivePriority
    }
}
