import VRRPCore

/// One timed step of a scenario: at `time` after the peer starts, do `action`.
public struct ScenarioStep: Hashable, Sendable {
    public var time: Duration
    public var action: Action
    /// The line of the scenario file (0 for steps not read from a file).
    public var line: Int

    public init(time: Duration, action: Action, line: Int = 0) {
        self.time = time
        self.action = action
        self.line = line
    }

    public enum Action: Hashable, Sendable {
        /// 1–255: run with this priority from now on (ends `silent`). 0: resign — send one advert
        /// with priority 0 and leave the protocol until the next `priority` step.
        case priority(UInt8)
        /// Send nothing (the router keeps running, as if its adverts were lost).
        case silent
        /// Send again after `silent`.
        case resume
        /// The next `count` adverts carry a wrong checksum.
        case badChecksum(count: Int)
        /// Shut down as the protocol says (priority 0 if Active) and end the run.
        case stop
        /// The Active router for this VRID is now this address (`nil`: there is none).
        case expectActive(IPAddress?)
        /// Our own router is in this state.
        case expectState(RouterState)
    }
}

/// A scenario file: settings for the simulated router, then its timeline.
public struct Scenario: Hashable, Sendable {
    public var settings: PeerSettings
    public var steps: [ScenarioStep]

    public init(settings: PeerSettings = PeerSettings(), steps: [ScenarioStep] = []) {
        self.settings = settings
        self.steps = steps
    }
}

extension ScenarioStep.Action: CustomStringConvertible {
    public var description: String {
        switch self {
        case .priority(let priority): "priority \(priority)"
        case .silent: "silent"
        case .resume: "resume"
        case .badChecksum(let count): "bad-checksum \(count)"
        case .stop: "stop"
        case .expectActive(let address): "expect master \(address.map { "\($0)" } ?? "none")"
        case .expectState(let state): "expect state \(state.description.lowercased())"
        }
    }
}
