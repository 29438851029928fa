import VRRPCore

/// Something a simulated router or the listener reports: one output line each.
public enum PeerEvent: Hashable, Sendable {
    /// An advert we put on the wire; `corruptedChecksum` when a `bad-checksum` step spoiled it.
    case sent(Advertisement, source: IPAddress, destination: IPAddress, corruptedChecksum: Bool)
    case received(Inspection)
    case stateChanged(from: RouterState, to: RouterState, reason: String)
    case stepApplied(ScenarioStep.Action)
    case expectation(ScenarioStep.Action, actual: String, passed: Bool)
    /// A protocol event worth a line that is not a transition.
    case note(String)
}

/// An event and when it happened, from the start of the run.
public struct TimedEvent: Hashable, Sendable {
    public var time: Duration
    public var event: PeerEvent
    /// The simulated router it happened to, when the run has named routers.
    public var router: String?

    public init(time: Duration, event: PeerEvent, router: String? = nil) {
        self.time = time
        self.event = event
        self.router = router
    }
}
