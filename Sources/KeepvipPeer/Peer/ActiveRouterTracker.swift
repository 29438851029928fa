import VRRPCore

/// Who is Active for one VRID, as seen on the wire: every router whose adverts (priority above 0)
/// were heard — or, for ourselves, sent — within the last three of its advert intervals.
/// A priority-0 advert removes its sender at once.
struct ActiveRouterTracker: Sendable {
    private var lastHeard: [IPAddress: (at: Instant, interval: Duration)] = [:]

    mutating func record(from source: IPAddress, priority: UInt8, interval: Duration, at now: Instant) {
        if priority == 0 {
            lastHeard[source] = nil
        } else {
            lastHeard[source] = (now, interval)
        }
    }

    mutating func forget(_ source: IPAddress) {
        lastHeard[source] = nil
    }

    func activeRouters(at now: Instant) -> [IPAddress] {
        lastHeard.filter { now - $0.value.at < $0.value.interval * 3 }.keys.sorted()
    }
}
