import KeepvipConfig
import Testing
import VRRPCore

/// RFC 9568 §6.4.1: the Initialize state and the Startup event.
@Suite struct Section6_4_1Tests {
    let segment = InMemorySegment()
    let host: SimulatedHost
    let peer: ScriptedPeer

    init() {
        host = segment.addHost(Conf.hostA)
        peer = ScriptedPeer(address: Conf.peerHigh, segment: segment)
    }

    @Test("RFC9568-6.4.1-1 positive: the address owner advertises, takes and announces the addresses at Startup")
    func ownerBecomesActiveAtStartup() {
        host.start(Conf.instance(priority: 255))
        #expect(host.state == .active)
        #expect(host.events.map(\.what) == ["advert", "add 192.0.2.100"] + Array(repeating: "announce 192.0.2.100", count: 5))
        #expect(host.events.allSatisfy { $0.at == .zero })
        segment.run(until: .seconds(2.5))
        // The Adver_Timer was set at Startup.
        #expect(host.advertTimes == [.zero, .seconds(1), .seconds(2)])
    }

    @Test("RFC9568-6.4.1-1 negative: a non-owner sends nothing and takes nothing at Startup")
    func nonOwnerIsQuietAtStartup() {
        host.start(Conf.instance(priority: 254))
        #expect(host.state == .backup)
        #expect(host.events.isEmpty)
    }

    @Test("RFC9568-6.4.1-2 positive: a non-owner starts as Backup and waits Active_Down_Interval")
    func nonOwnerWaitsActiveDownInterval() {
        host.start(Conf.instance(priority: 100))
        #expect(host.state == .backup)
        segment.run(until: .seconds(3.6))
        #expect(host.state == .backup)
        segment.run(until: .seconds(4))
        // The timer fires at Active_Down_Interval and the advert goes out; on a segment silent since
        // start-up the addresses follow one claim time later (`VirtualRouter+StartUp.swift`).
        #expect(segment.adverts(from: Conf.hostA).first?.at == .at(.nanoseconds(3_609_375_000)))
        #expect(host.firstTakeover == .at(.nanoseconds(3_609_375_000)) + VirtualRouter.claimTime)
    }

    @Test("RFC9568-6.4.1-2 positive: a restart forgets the interval learned from an earlier Active router")
    func restartResetsActiveAdverInterval() {
        host.start(Conf.instance(priority: 100))
        var slow = peer
        slow.intervalCentiseconds = 300
        slow.advertise(at: .seconds(1), priority: 200)
        segment.run(until: .seconds(2))
        #expect(host.runner?.router.activeAdvertisementIntervalCentiseconds == 300)
        host.stop()
        host.start(Conf.instance(priority: 100))
        #expect(host.runner?.router.activeAdvertisementIntervalCentiseconds == 100)
        segment.run(until: .seconds(10))
        #expect(segment.adverts(from: Conf.hostA).first?.at == .seconds(2) + .nanoseconds(3_609_375_000))
        #expect(host.firstTakeover == .at(.seconds(2) + .nanoseconds(3_609_375_000) + VirtualRouter.claimTime))
    }

    @Test("RFC9568-6.4.1-2 negative: the owner does not wait Active_Down_Interval")
    func ownerDoesNotWait() {
        host.start(Conf.instance(priority: 255))
        #expect(host.firstTakeover == .zero)
        #expect(host.runner?.router.state == .active)
    }
}
