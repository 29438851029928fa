import VRRPCore

/// One timed step of a scenario: at `time` after the peer starts, do `action`.
public struct ScenarioStep: Hashable, Sendable {
    public var time: Duration
    public var action: Action
    /// The simulated router the step is for (`5s a silent`); `nil`: every router.
    public var router: String?
    /// The line of the scenario file (0 for steps not read from a file).
    public var line: Int

    public init(time: Duration, action: Action, router: String? = nil, line: Int = 0) {
        self.time = time
        self.action = action
        self.router = router
        self.line = line
    }

    /// Whether the router named `name` (`nil` for the only, unnamed one) runs this step.
    public func applies(to name: String?) -> Bool {
        router == nil || router == name
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

/// A scenario file: settings for the simulated routers, then their common timeline.
public struct Scenario: Hashable, Sendable {
    /// The settings before the first `router` section: the only router's, or shared by every section.
    public var settings: PeerSettings
    /// The `router NAME` sections, in file order; empty for a file that simulates one unnamed router.
    public var routers: [RouterSection]
    public var steps: [ScenarioStep]

    public init(settings: PeerSettings = PeerSettings(), routers: [RouterSection] = [], steps: [ScenarioStep] = []) {
        self.settings = settings
        self.routers = routers
        self.steps = steps
    }

    /// Every router to simulate with its settings: a section's own over the shared ones, and `flags`
    /// over both. One unnamed router when the file has no sections.
    public func resolvedRouters(overriddenBy flags: PeerSettings) -> [RouterSection] {
        guard !routers.isEmpty else { return [RouterSection(name: nil, settings: settings.overriding(with: flags))] }
        return routers.map { section in
            var resolved = section
            resolved.settings = settings.overriding(with: section.settings).overriding(with: flags)
            return resolved
        }
    }
}

/// One simulated router of a scenario: `router NAME` and the settings below it.
public struct RouterSection: Hashable, Sendable {
    /// `nil` only for the single router of a file without sections.
    public var name: String?
    public var settings: PeerSettings
    /// The line of its `router` line (0 when not read from a file).
    public var line: Int

    public init(name: String?, settings: PeerSettings = PeerSettings(), line: Int = 0) {
        self.name = name
        self.settings = settings
        self.line = line
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
