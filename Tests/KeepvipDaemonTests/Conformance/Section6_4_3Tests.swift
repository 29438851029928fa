import KeepvipConfig
import Testing
import VRRPCore

/// RFC 9568 §6.4.3: the Active state.
@Suite struct Section6_4_3Tests {
    let segment = InMemorySegment()
    let host: SimulatedHost
    /// Active_Down_Interval of a priority-200 VRRPv3 router with a 1 s interval: 3 s + 56/256 s.
    /// The Active_Down_Timer fires (and the start-up claim's advert goes out) at 3.21875 s; the
    /// router is Active one claim time later (`VirtualRouter+StartUp.swift`).
    let timerFires = Instant.at(.nanoseconds(3_218_750_000))
    var takeover: Instant { timerFires + VirtualRouter.claimTime }

    init() {
        host = segment.addHost(Conf.hostA)
    }

    /// The host under test, alone on the segment, Active from `takeover` on.
    func startActive(version: VRRPVersion = .v3, priority: UInt8 = 200) {
        host.start(Conf.instance(version: version, priority: priority))
        segment.run(until: .seconds(4))
        #expect(host.state == .active)
    }

    func peer(_ address: IPAddress = Conf.peerHigh, version: VRRPVersion = .v3, interval: UInt16 = 100) -> ScriptedPeer {
        var peer = ScriptedPeer(address: address, segment: segment)
        peer.version = version
        peer.intervalCentiseconds = interval
        return peer
    }

    // MARK: ARP / ND / local delivery for the virtual addresses while Active

    @Test("RFC9568-6.4.3-1 positive: the Active router holds the IPv4 address (the kernel answers ARP) and announces it")
    func activeAnswersARP() {
        startActive()
        #expect(host.holds(Conf.vip))
        #expect(host.announcements.map(\.address) == Array(repeating: Conf.vip, count: 5))
    }

    @Test("RFC9568-6.4.3-1 negative: a Backup holds nothing the kernel could answer ARP for")
    func backupAnswersNoARP() {
        host.start(Conf.instance(priority: 100))
        peer().advertise(from: .seconds(0.5), until: .seconds(5), priority: 250)
        segment.run(until: .seconds(5))
        #expect(host.state == .backup && !host.holds(Conf.vip))
    }

    @Test("RFC9568-6.4.3-2 positive: an IPv6 Active router installs the address, so the kernel joins its solicited-node group")
    func activeIPv6InstallsAddress() {
        let host6 = segment.addHost(Conf.hostA6)
        host6.start(Conf.instance(priority: 200, virtualAddresses: [Conf.vip6]))
        segment.run(until: .seconds(4))
        #expect(host6.state == .active && host6.holds(Conf.vip6))
    }

    @Test("RFC9568-6.4.3-2 negative: an IPv6 Backup installs nothing")
    func backupIPv6InstallsNothing() {
        let host6 = segment.addHost(Conf.hostA6)
        host6.start(Conf.instance(priority: 100, virtualAddresses: [Conf.vip6]))
        ScriptedPeer(address: Conf.peer6, segment: segment).advertise(from: .seconds(0.5), until: .seconds(5), priority: 250)
        segment.run(until: .seconds(5))
        #expect(host6.state == .backup && host6.vipChanges.isEmpty)
    }

    @Test("RFC9568-6.4.3-6 positive: the Active router accepts packets for the address (it is a local address)")
    func activeAcceptsPackets() {
        startActive()
        #expect(host.interfaceAddresses == [Conf.vip])
    }

    @Test("RFC9568-6.4.3-6 negative: after being preempted the address is no longer local")
    func preemptedStopsAccepting() {
        startActive()
        peer().advertise(at: .seconds(5), priority: 250)
        segment.run(until: .seconds(6))
        #expect(host.interfaceAddresses.isEmpty)
    }

    // MARK: events

    @Test("RFC9568-6.4.3-8 positive: Shutdown in Active sends one priority-0 advert, releases the address, stops advertising")
    func activeShutdown() throws {
        startActive()
        host.stop()
        let stoppedAt = segment.now
        segment.run(until: .seconds(10))
        let adverts = segment.adverts(from: Conf.hostA)
        #expect(adverts.filter { $0.advertisement.priority == 0 }.map(\.at) == [stoppedAt])
        #expect(adverts.last?.at == stoppedAt)
        #expect(!host.holds(Conf.vip))
        #expect(try #require(host.stoppedRunner).state == .initialize)
    }

    @Test("RFC9568-6.4.3-8 negative: Shutdown in Backup sends no priority-0 advert")
    func backupShutdownSendsNothing() {
        host.start(Conf.instance(priority: 100))
        segment.run(until: .seconds(1))
        host.stop()
        segment.run(until: .seconds(10))
        #expect(segment.adverts(from: Conf.hostA).isEmpty)
    }

    @Test("RFC9568-6.4.3-9 positive: the Active router advertises every Advertisement_Interval")
    func advertisesEveryInterval() {
        startActive()
        segment.run(until: .seconds(8))
        let times = segment.adverts(from: Conf.hostA).map(\.at)
        #expect(times == [timerFires] + (0..<5).map { takeover + .seconds($0) })
    }

    @Test("RFC9568-6.4.3-9 negative: a Backup does not advertise")
    func backupDoesNotAdvertise() {
        host.start(Conf.instance(priority: 100))
        peer().advertise(from: .seconds(0.5), until: .seconds(8), priority: 250)
        segment.run(until: .seconds(8))
        #expect(segment.adverts(from: Conf.hostA).isEmpty)
    }

    @Test("RFC9568-6.4.3-10 positive: a priority-0 advert is answered at once and the Adver_Timer restarts")
    func resignationAnsweredAtOnce() {
        startActive()
        peer().advertise(at: .seconds(5.5), priority: 0)
        segment.run(until: .seconds(7))
        let times = segment.adverts(from: Conf.hostA).map(\.at)
        #expect(times.suffix(2) == [.seconds(5.5), .seconds(6.5)])
        #expect(host.state == .active)
    }

    @Test("RFC9568-6.4.3-10 negative: without a priority-0 advert the schedule is unchanged")
    func noResignationNoExtraAdvert() {
        startActive()
        segment.run(until: .seconds(7))
        #expect(!segment.adverts(from: Conf.hostA).map(\.at).contains(.seconds(5.5)))
        #expect(segment.adverts(from: Conf.hostA).last?.at == takeover + .seconds(3))
    }

    @Test("RFC9568-6.4.3-11 positive: a higher priority makes the Active router Backup, with the sender's interval")
    func higherPriorityPreempts() {
        startActive()
        peer(interval: 300).advertise(at: .seconds(5), priority: 250)
        segment.run(until: .seconds(14))
        #expect(host.state == .backup && !host.holds(Conf.vip))
        #expect(segment.adverts(from: Conf.hostA).last?.at ?? .zero < .seconds(5))
        #expect(host.runner?.router.activeAdvertisementIntervalCentiseconds == 300)
        // Active_Down_Interval from the sender's interval: 3 × 3 s + 56 × 3 s / 256 = 9.65625 s after 5 s.
        segment.run(until: .seconds(14.6))
        #expect(host.state == .backup)
        segment.run(until: .seconds(14.7))
        #expect(host.state == .active)
    }

    @Test("RFC9568-6.4.3-11 positive: an equal priority from a higher primary address wins the tie")
    func equalPriorityHigherAddressWins() {
        startActive()
        peer(Conf.peerHigh).advertise(at: .seconds(5), priority: 200)
        segment.run(until: .seconds(6))
        #expect(host.state == .backup)
    }

    @Test("RFC9568-6.4.3-11 negative: an equal priority from a lower primary address loses the tie")
    func equalPriorityLowerAddressLoses() {
        startActive()
        peer(Conf.peerLow).advertise(at: .seconds(5), priority: 200)
        segment.run(until: .seconds(6))
        #expect(host.state == .active && host.holds(Conf.vip))
    }

    @Test("RFC9568-6.4.3-12 positive: a VRRPv3 Active router answers a lower priority at once")
    func v3ReassertsAtOnce() {
        startActive()
        peer(Conf.peerLow).advertise(at: .seconds(5.5), priority: 100)
        segment.run(until: .seconds(6))
        #expect(segment.adverts(from: Conf.hostA).last?.at == .seconds(5.5))
        #expect(host.state == .active)
    }

    @Test("RFC9568-6.4.3-12 negative: a VRRPv2 Active router (RFC 3768) keeps its schedule")
    func v2KeepsSchedule() {
        startActive(version: .v2)
        peer(Conf.peerLow, version: .v2).advertise(at: .seconds(5.5), priority: 100)
        segment.run(until: .seconds(6))
        #expect(!segment.adverts(from: Conf.hostA).map(\.at).contains(.seconds(5.5)))
        #expect(host.runner?.drops.total == 0)
    }
}
