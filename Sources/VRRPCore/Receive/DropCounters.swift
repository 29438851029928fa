/// Per-reason counts of discarded packets.
public struct DropCounters: Hashable, Sendable {
    public private(set) var counts: [DropReason: UInt64] = [:]

    public init() {}

    public mutating func record(_ reason: DropReason) {
        counts[reason, default: 0] &+= 1
    }

    public subscript(reason: DropReason) -> UInt64 {
        counts[reason] ?? 0
    }

    public var total: UInt64 { counts.values.reduce(0, &+) }
}
