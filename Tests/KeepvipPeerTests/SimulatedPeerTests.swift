import KeepvipPeer
import Testing
import VRRPCore

/// The peer on virtual time: 192.0.2.13 at priority 150, unicast to 192.0.2.11, VRID 101, 1 s adverts.
@Suite struct SimulatedPeerTests {
    static let peerAddress = IPAddress("192.0.2.13")!
    static let other = IPAddress("192.0.2.11")!
    static let vip = IPAddress("192.0.2.200")!

    static func configuration(yields: Bool = true) throws -> PeerConfiguration {
        var settings = PeerSettings()
        settings.virtualRouterID = 101
        settings.priority = 150
        settings.unicastDestinations = [other]
        settings.virtualAddresses = [vip]
        settings.password = Array("password".utf8)
        settings.yields = yields
        return try PeerConfiguration(settings: settings, interfaceAddresses: [peerAddress])
    }

    static func at(_ seconds: Double) -> Instant { Instant(nanoseconds: Int64(seconds * 1e9)) }

    static func advert(priority: UInt8, from source: IPAddress = other, corrupt: Bool = false) -> ReceivedPacket {
        var message = Advertisement(version: .v2, virtualRouterID: 101, priority: priority, intervalCentiseconds: 100,
                                    addresses: [vip], authentication: .simpleText(Array("password".utf8))).encoded()
        if corrupt { message[7] ^= 1 }
        return ReceivedPacket(source: source, destination: peerAddress, hopLimit: 255, payload: message)
    }

    static func sent(_ outputs: [PeerOutput]) -> [[UInt8]] {
        outputs.compactMap { if case .transmit(let bytes, _, let to) = $0, to == other { bytes } else { nil } }
    }

    static func events(_ outputs: [PeerOutput]) -> [PeerEvent] {
        outputs.compactMap { if case .report(let timed) = $0 { timed.event } else { nil } }
    }

    /// Starts the peer and runs it until it is Active (Active_Down_Interval 3 + 106/256 s).
    static func activePeer(steps: [ScenarioStep] = [], yields: Bool = true) throws -> SimulatedPeer {
        var peer = SimulatedPeer(configuration: try configuration(yields: yields), steps: steps)
        _ = peer.start(now: .zero)
        #expect(peer.router.state == .backup)
        let outputs = peer.wake(now: at(3.5))
        #expect(peer.router.state == .active)
        #expect(sent(outputs).count == 1)
        return peer
    }

    @Test func takesOverOnTimeoutAndSendsOnlyToItsDestinations() throws {
        var peer = SimulatedPeer(configuration: try Self.configuration(), steps: [])
        _ = peer.start(now: .zero)
        #expect(peer.nextDeadline == Self.at(3) + .nanoseconds(106 * 1_000_000_000 / 256))
        let outputs = peer.wake(now: peer.nextDeadline!)
        for case .transmit(let bytes, let from, let to) in outputs {
            #expect(from == Self.peerAddress)
            #expect(to == Self.other)
            let advert = try Advertisement(decoding: bytes)
            #expect(advert.priority == 150)
            #expect(advert.addresses == [Self.vip])
        }
        #expect(Self.events(outputs).contains(.stateChanged(from: .backup, to: .active, reason: "timeout")))
    }

    @Test func yieldsToHigherPriority() throws {
        var peer = try Self.activePeer()
        _ = peer.receive(Self.advert(priority: 200), now: Self.at(4))
        #expect(peer.router.state == .backup)
    }

    @Test func stubbornPeerDoesNotYield() throws {
        var peer = try Self.activePeer(yields: false)
        let outputs = peer.receive(Self.advert(priority: 200), now: Self.at(4))
        #expect(peer.router.state == .active)
        #expect(Self.events(outputs).contains(.note("ignored priority 200 from 192.0.2.11 (no-yield)")))
    }

    @Test func silentSendsNothingButKeepsRunning() throws {
        var peer = try Self.activePeer(steps: [ScenarioStep(time: .seconds(4), action: .silent),
                                               ScenarioStep(time: .seconds(7), action: .resume)])
        #expect(Self.sent(peer.wake(now: Self.at(4.5))).isEmpty)
        #expect(Self.sent(peer.wake(now: Self.at(5.5))).isEmpty)
        #expect(peer.router.state == .active)
        _ = peer.wake(now: Self.at(7))
        #expect(Self.sent(peer.wake(now: Self.at(7.5))).count == 1)
    }

    @Test func priorityChangeKeepsActiveAndAdvertisesAtOnce() throws {
        var peer = try Self.activePeer(steps: [ScenarioStep(time: .seconds(4), action: .priority(200))])
        let outputs = peer.wake(now: Self.at(4))
        #expect(peer.router.state == .active)
        #expect(try Self.sent(outputs).map { try Advertisement(decoding: $0).priority } == [200])
        #expect(!Self.events(outputs).contains { if case .stateChanged = $0 { true } else { false } })
        #expect(peer.nextDeadline == Self.at(5))
    }

    @Test func priorityZeroResignsAndLaterStepRestartsAsBackup() throws {
        var peer = try Self.activePeer(steps: [ScenarioStep(time: .seconds(4), action: .priority(0)),
                                               ScenarioStep(time: .seconds(6), action: .priority(90))])
        let resign = peer.wake(now: Self.at(4))
        #expect(try Self.sent(resign).map { try Advertisement(decoding: $0).priority } == [0])
        #expect(peer.router.state == .initialize)
        _ = peer.wake(now: Self.at(6))
        #expect(peer.router.state == .backup)
        #expect(peer.router.configuration.priority == 90)
    }

    @Test func badChecksumSpoilsTheNextAdverts() throws {
        var peer = try Self.activePeer(steps: [ScenarioStep(time: .seconds(4), action: .badChecksum(count: 2))])
        var verdicts: [Bool] = []
        for second in [4.5, 5.5, 6.5] {
            for bytes in Self.sent(peer.wake(now: Self.at(second))) {
                verdicts.append((try? Advertisement(decoding: bytes)) != nil)
            }
        }
        #expect(verdicts == [false, false, true])
    }

    @Test func expectMasterCountsOnlyRecentAdverts() throws {
        var peer = try Self.activePeer(steps: [
            ScenarioStep(time: .seconds(4), action: .expectActive(Self.peerAddress)),
            ScenarioStep(time: .seconds(4), action: .silent),
            ScenarioStep(time: .seconds(9), action: .expectActive(Self.other)),
        ])
        _ = peer.wake(now: Self.at(4))
        #expect(peer.failedExpectations == 0)
        // While we are silent, 192.0.2.11 takes over (priority 100 is below ours: we stay Active inside).
        _ = peer.receive(Self.advert(priority: 100), now: Self.at(8))
        let outputs = peer.wake(now: Self.at(9))
        #expect(peer.failedExpectations == 0)
        #expect(Self.events(outputs).contains(.expectation(.expectActive(Self.other), actual: "master is 192.0.2.11", passed: true)))
    }

    @Test func failedExpectationIsCounted() throws {
        var peer = try Self.activePeer(steps: [ScenarioStep(time: .seconds(4), action: .expectActive(Self.other))])
        let outputs = peer.wake(now: Self.at(4))
        #expect(peer.failedExpectations == 1)
        #expect(Self.events(outputs).contains(.expectation(.expectActive(Self.other), actual: "master is 192.0.2.13", passed: false)))
    }

    @Test func badChecksumReceivedChangesNothing() throws {
        var peer = try Self.activePeer()
        let outputs = peer.receive(Self.advert(priority: 200, corrupt: true), now: Self.at(4))
        #expect(peer.router.state == .active)
        guard case .received(let inspection) = Self.events(outputs).first else { Issue.record("no recv event"); return }
        guard case .dropped(.checksum, _) = inspection.verdict else { Issue.record("verdict \(inspection.verdict)"); return }
    }

    @Test func stopResignsAndFinishes() throws {
        var peer = try Self.activePeer()
        let outputs = peer.stop(now: Self.at(4))
        #expect(peer.isFinished)
        #expect(peer.nextDeadline == nil)
        #expect(try Self.sent(outputs).map { try Advertisement(decoding: $0).priority } == [0])
    }

    @Test func configurationRefusesMixedFamilies() {
        var settings = PeerSettings()
        settings.virtualRouterID = 1
        settings.unicastDestinations = [IPAddress("2001:db8::1")!]
        settings.virtualAddresses = [IPAddress("192.0.2.200")!]
        #expect(throws: PeerConfiguration.Invalid.self) {
            try PeerConfiguration(settings: settings, interfaceAddresses: [IPAddress("192.0.2.13")!])
        }
    }
}
