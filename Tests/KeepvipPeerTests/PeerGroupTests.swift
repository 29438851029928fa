import KeepvipPeer
import Testing
import VRRPCore

/// Several simulated routers in one run, on virtual time: they hear each other as on the wire.
@Suite struct PeerGroupTests {
    static let a = IPAddress("192.0.2.21")!
    static let b = IPAddress("192.0.2.22")!
    static let keepvip = IPAddress("192.0.2.11")!
    static let group = IPAddress("224.0.0.18")!

    static func peer(_ name: String, source: IPAddress, priority: UInt8, unicast: [IPAddress] = [],
                     steps: [ScenarioStep] = []) throws -> SimulatedPeer {
        var settings = PeerSettings()
        settings.virtualRouterID = 101
        settings.priority = priority
        settings.source = source
        settings.unicastDestinations = unicast
        return SimulatedPeer(configuration: try PeerConfiguration(settings: settings, interfaceAddresses: []),
                             steps: steps, name: name)
    }

    static func at(_ seconds: Double) -> Instant { Instant(nanoseconds: Int64(seconds * 1e9)) }

    static func transmissions(_ outputs: [PeerOutput]) -> [(from: IPAddress, to: IPAddress, priority: UInt8)] {
        outputs.compactMap {
            guard case .transmit(let bytes, let from, let to) = $0, let advert = try? Advertisement(decoding: bytes) else { return nil }
            return (from, to, advert.priority)
        }
    }

    static func reports(_ outputs: [PeerOutput]) -> [TimedEvent] {
        outputs.compactMap { if case .report(let event) = $0 { event } else { nil } }
    }

    /// Runs the group's timers up to `end`.
    static func run(_ group: inout PeerGroup, until end: Double) -> [PeerOutput] {
        var outputs: [PeerOutput] = []
        while let deadline = group.nextDeadline, deadline <= at(end) {
            outputs += group.wake(now: deadline)
        }
        return outputs
    }

    @Test func theHigherPriorityBecomesActiveAndTheOtherHearsIt() throws {
        var group = PeerGroup(peers: [try Self.peer("a", source: Self.a, priority: 150),
                                      try Self.peer("b", source: Self.b, priority: 120)])
        #expect(group.families == [.ipv4])
        var outputs = group.start(now: .zero)
        outputs += Self.run(&group, until: 10)
        #expect(group.peers.map(\.router.state) == [.active, .backup])
        let sent = Self.transmissions(outputs)
        #expect(!sent.isEmpty)
        #expect(sent.allSatisfy { $0.from == Self.a && $0.to == Self.group && $0.priority == 150 })
        // Every advert of a shows up as received by b, and the lines name their router.
        let reports = Self.reports(outputs)
        let received = reports.filter { if case .received = $0.event { true } else { false } }
        #expect(received.count == sent.count)
        #expect(received.allSatisfy { $0.router == "b" })
        #expect(reports.contains { $0.router == "a" && $0.event == .stateChanged(from: .backup, to: .active, reason: "timeout") })
    }

    @Test func aStepNamingOneRouterLeavesTheOther() throws {
        let steps = [ScenarioStep(time: .seconds(5), action: .silent, router: "a")]
        var group = PeerGroup(peers: [try Self.peer("a", source: Self.a, priority: 150, steps: steps),
                                      try Self.peer("b", source: Self.b, priority: 120, steps: steps)])
        _ = group.start(now: .zero)
        _ = Self.run(&group, until: 12)
        // a went silent: b took over after its Active_Down_Interval; a stays Active in its own view
        // (it hears b's lower priority and keeps its role).
        #expect(group.peers.map(\.router.state) == [.active, .active])
    }

    @Test func unicastFromTheSocketReachesOnlyTheRouterItIsFor() throws {
        var group = PeerGroup(peers: [try Self.peer("a", source: Self.a, priority: 150, unicast: [Self.keepvip]),
                                      try Self.peer("b", source: Self.b, priority: 120, unicast: [Self.keepvip])])
        _ = group.start(now: .zero)
        let advert = Advertisement(version: .v2, virtualRouterID: 101, priority: 100, intervalCentiseconds: 100, addresses: [])
        let toB = ReceivedPacket(source: Self.keepvip, destination: Self.b, hopLimit: 255, payload: advert.encoded())
        let heard = Self.reports(group.receive(toB, now: Self.at(1)))
        #expect(heard.map(\.router) == ["b"])
        // Addressed to none of them (another local address): every router hears it.
        let elsewhere = ReceivedPacket(source: Self.keepvip, destination: IPAddress("192.0.2.99")!, hopLimit: 255, payload: advert.encoded())
        #expect(Self.reports(group.receive(elsewhere, now: Self.at(1.5))).map(\.router) == ["a", "b"])
    }

    @Test func sendsOnlyToTheAddressesItWasTold() throws {
        var group = PeerGroup(peers: [try Self.peer("a", source: Self.a, priority: 150, unicast: [Self.keepvip]),
                                      try Self.peer("b", source: Self.b, priority: 200, unicast: [Self.keepvip])])
        var outputs = group.start(now: .zero)
        outputs += Self.run(&group, until: 10)
        outputs += group.stop(now: Self.at(10))
        let sent = Self.transmissions(outputs)
        #expect(sent.contains { $0.from == Self.b && $0.priority == 0 })
        #expect(sent.allSatisfy { $0.to == Self.keepvip })
        // Unicast to keepvip only: the routers do not hear each other, so both end up Active.
        #expect(!Self.reports(outputs).contains { if case .received = $0.event { true } else { false } })
        #expect(group.isFinished)
    }
}
