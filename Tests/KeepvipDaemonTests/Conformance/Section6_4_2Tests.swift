import KeepvipConfig
import Testing
import VRRPCore

/// RFC 9568 §6.4.2: the Backup state.
@Suite struct Section6_4_2Tests {
    let segment = InMemorySegment()
    let host: SimulatedHost
    let peer: ScriptedPeer
    let peer6: ScriptedPeer

    init() {
        host = segment.addHost(Conf.hostA)
        peer = ScriptedPeer(address: Conf.peerHigh, segment: segment)
        peer6 = ScriptedPeer(address: Conf.peer6, segment: segment)
    }

    // MARK: no ARP / ND / local delivery for the virtual addresses while Backup

    @Test("RFC9568-6.4.2-1 positive: a Backup does not hold or announce the IPv4 virtual address")
    func backupHoldsNoIPv4Address() {
        host.start(Conf.instance(priority: 100))
        peer.advertise(from: .seconds(0.5), until: .seconds(10), priority: 200)
        segment.run(until: .seconds(10))
        #expect(host.state == .backup)
        #expect(!host.holds(Conf.vip) && host.announcements.isEmpty && host.vipChanges.isEmpty)
    }

    @Test("RFC9568-6.4.2-1 negative: once the Active router falls silent the address is held and announced")
    func activeHoldsIPv4Address() {
        host.start(Conf.instance(priority: 100))
        peer.advertise(from: .seconds(0.5), until: .seconds(3), priority: 200)
        segment.run(until: .seconds(10))
        #expect(host.state == .active)
        #expect(host.holds(Conf.vip) && !host.announcements.isEmpty)
    }

    @Test("RFC9568-6.4.2-2 positive: an IPv6 Backup does not hold or announce the IPv6 virtual address")
    func backupHoldsNoIPv6Address() {
        let host6 = segment.addHost(Conf.hostA6)
        host6.start(Conf.instance(priority: 100, virtualAddresses: [Conf.vip6]))
        peer6.advertise(from: .seconds(0.5), until: .seconds(10), priority: 200)
        segment.run(until: .seconds(10))
        #expect(host6.state == .backup)
        #expect(host6.runner?.drops.total == 0)
        #expect(!host6.holds(Conf.vip6) && host6.announcements.isEmpty)
    }

    @Test("RFC9568-6.4.2-2 negative: an IPv6 router that takes over holds and announces the address")
    func activeHoldsIPv6Address() {
        let host6 = segment.addHost(Conf.hostA6)
        host6.start(Conf.instance(priority: 100, virtualAddresses: [Conf.vip6]))
        segment.run(until: .seconds(5))
        #expect(host6.state == .active)
        #expect(host6.holds(Conf.vip6) && host6.announcements.map(\.address).contains(Conf.vip6))
    }

    @Test("RFC9568-6.4.2-5 positive: a router that becomes Backup stops accepting packets for the address")
    func becomingBackupReleasesAddress() {
        host.start(Conf.instance(priority: 100))
        segment.run(until: .seconds(5))
        #expect(host.holds(Conf.vip))
        peer.advertise(at: .seconds(5), priority: 200)
        segment.run(until: .seconds(6))
        #expect(host.state == .backup && !host.holds(Conf.vip))
    }

    @Test("RFC9568-6.4.2-5 negative: an Active router that stays Active keeps the address")
    func stayingActiveKeepsAddress() {
        host.start(Conf.instance(priority: 100))
        segment.run(until: .seconds(5))
        ScriptedPeer(address: Conf.peerLow, segment: segment).advertise(at: .seconds(5), priority: 50)
        segment.run(until: .seconds(6))
        #expect(host.state == .active && host.holds(Conf.vip))
    }

    // MARK: events

    @Test("RFC9568-6.4.2-6 positive: Shutdown in Backup cancels the Active_Down_Timer and goes to Initialize")
    func backupShutdown() throws {
        host.start(Conf.instance(priority: 100))
        segment.run(until: .seconds(1))
        host.stop()
        let stopped = try #require(host.stoppedRunner)
        #expect(stopped.state == .initialize && stopped.nextDeadline == nil)
        segment.run(until: .seconds(20))
        #expect(host.events.isEmpty)
    }

    @Test("RFC9568-6.4.2-6 negative: without Shutdown the Backup's timer runs out and it takes over")
    func backupWithoutShutdown() {
        host.start(Conf.instance(priority: 100))
        segment.run(until: .seconds(20))
        #expect(host.state == .active && !host.events.isEmpty)
    }

    @Test("RFC9568-6.4.2-7 positive: when the Active_Down_Timer fires the Backup advertises, takes and announces, then keeps advertising")
    func activeDownTimerFires() {
        host.start(Conf.instance(priority: 100))
        peer.advertise(at: .seconds(1), priority: 200)
        segment.run(until: .seconds(7))
        let takeover = Instant.seconds(1) + .nanoseconds(3_609_375_000)
        #expect(host.events.first?.at == takeover)
        #expect(Array(host.events.map(\.what).prefix(3)) == ["advert", "add 192.0.2.100", "announce 192.0.2.100"])
        #expect(host.advertTimes.prefix(3) == [takeover, takeover + .seconds(1), takeover + .seconds(2)])
        #expect(host.state == .active)
    }

    @Test("RFC9568-6.4.2-7 negative: an advert before the deadline restarts the timer; nothing is sent")
    func advertBeforeDeadline() {
        host.start(Conf.instance(priority: 100))
        peer.advertise(at: .seconds(1), priority: 200)
        peer.advertise(at: .seconds(4), priority: 200)
        segment.run(until: .seconds(7))
        #expect(host.events.isEmpty && host.state == .backup)
        segment.run(until: .seconds(8))
        #expect(host.firstTakeover == .seconds(4) + .nanoseconds(3_609_375_000))
    }

    @Test("RFC9568-6.4.2-8 positive: a priority-0 advert makes the Backup take over after Skew_Time")
    func resignationShortensTimer() {
        host.start(Conf.instance(priority: 100))
        peer.advertise(at: .seconds(1), priority: 200)
        peer.advertise(at: .seconds(2), priority: 0)
        segment.run(until: .seconds(10))
        #expect(host.firstTakeover == .seconds(2) + .nanoseconds(609_375_000))
        #expect(host.log.contains("(VI_51) Backup received priority 0 advertisement"))
    }

    @Test("RFC9568-6.4.2-8 negative: a non-zero advert at the same moment means a full Active_Down_Interval")
    func nonZeroAdvertWaitsFullInterval() {
        host.start(Conf.instance(priority: 100))
        peer.advertise(at: .seconds(1), priority: 200)
        peer.advertise(at: .seconds(2), priority: 200)
        segment.run(until: .seconds(10))
        #expect(host.firstTakeover == .seconds(2) + .nanoseconds(3_609_375_000))
    }

    @Test("RFC9568-6.4.2-9 positive: a higher-priority advert sets Active_Adver_Interval and restarts the timer from it")
    func deferLearnsInterval() {
        host.start(Conf.instance(priority: 100))
        var slow = peer
        slow.intervalCentiseconds = 200
        slow.advertise(at: .seconds(1), priority: 200)
        segment.run(until: .seconds(2))
        #expect(host.runner?.router.activeAdvertisementIntervalCentiseconds == 200)
        segment.run(until: .seconds(20))
        // 3 × 2 s + (256 − 100) × 2 s / 256.
        #expect(host.firstTakeover == .seconds(1) + .nanoseconds(7_218_750_000))
    }

    @Test("RFC9568-6.4.2-9 positive: with Preempt_Mode off even a lower priority restarts the timer")
    func nopreemptDefersToLowerPriority() {
        host.start(Conf.instance(priority: 150, preempt: false))
        ScriptedPeer(address: Conf.peerLow, segment: segment).advertise(from: .seconds(0.5), until: .seconds(20), priority: 100)
        segment.run(until: .seconds(20))
        #expect(host.state == .backup && host.firstTakeover == nil)
    }

    @Test("RFC9568-6.4.2-9 negative: with Preempt_Mode on a lower priority neither restarts the timer nor sets the interval")
    func preemptIgnoresLowerPriority() {
        host.start(Conf.instance(priority: 150))
        var low = ScriptedPeer(address: Conf.peerLow, segment: segment)
        low.intervalCentiseconds = 300
        low.advertise(from: .seconds(0.5), until: .seconds(20), priority: 100)
        segment.run(until: .seconds(3))
        #expect(host.state == .backup && host.runner?.router.activeAdvertisementIntervalCentiseconds == 100)
        segment.run(until: .seconds(20))
        #expect(host.firstTakeover == .at(.nanoseconds(3_414_062_500)))
    }

    @Test("RFC9568-6.4.2-10 positive: a preempting Backup discards a lower-priority advert and takes over on its timer")
    func preemptDiscardsLowerPriority() {
        host.start(Conf.instance(priority: 150))
        ScriptedPeer(address: Conf.peerLow, segment: segment).advertise(from: .seconds(0.5), until: .seconds(20), priority: 100)
        segment.run(until: .seconds(20))
        #expect(host.firstTakeover == .at(.nanoseconds(3_414_062_500)))
        #expect(host.log.count(containing: "received lower priority (100) advert from 192.0.2.5 - discarding") >= 3)
    }

    @Test("RFC9568-6.4.2-10 negative: an advert of equal priority is not discarded")
    func equalPriorityIsNotDiscarded() {
        host.start(Conf.instance(priority: 150))
        ScriptedPeer(address: Conf.peerLow, segment: segment).advertise(from: .seconds(0.5), until: .seconds(20), priority: 150)
        segment.run(until: .seconds(20))
        #expect(host.state == .backup && host.firstTakeover == nil)
        #expect(host.log.count(containing: "discarding") == 0)
    }
}
