import KeepvipConfig
import Testing
import VRRPCore

/// RFC 9568 §6.1: protocol parameters (owner priority, Skew_Time, Active_Down_Interval).
@Suite struct Section6_1Tests {
    let segment = InMemorySegment()
    let host: SimulatedHost
    let peer: ScriptedPeer

    init() {
        host = segment.addHost(Conf.hostA)
        peer = ScriptedPeer(address: Conf.peerHigh, segment: segment)
    }

    @Test("RFC9568-6.1-1 positive: priority 255 makes the router the address owner")
    func priority255IsOwner() {
        host.start(Conf.instance(priority: 255))
        #expect(host.state == .active)
        peer.advertise(at: .seconds(1), priority: 200)
        segment.run(until: .seconds(2))
        #expect(host.state == .active)
        #expect(host.runner?.drops[.addressOwner] == 1)
    }

    @Test("RFC9568-6.1-1 negative: priority 254 is not the owner and defers to a higher priority")
    func priority254IsNotOwner() {
        host.start(Conf.instance(priority: 254))
        #expect(host.state == .backup)
        peer.advertise(from: .seconds(1), until: .seconds(10), priority: 255)
        segment.run(until: .seconds(10))
        #expect(host.state == .backup)
        #expect(host.runner?.drops.total == 0)
    }

    @Test("RFC9568-6.1-2 positive: VRRPv3 Skew_Time scales with the Active router's interval")
    func skewTimeScalesWithInterval() {
        host.start(Conf.instance(priority: 100))
        var slow = peer
        slow.intervalCentiseconds = 200
        slow.advertise(at: .seconds(1), priority: 200)
        slow.advertise(at: .seconds(2), priority: 0)
        segment.run(until: .seconds(1.5))
        #expect(host.runner?.router.skewTime == .nanoseconds(1_218_750_000))
        segment.run(until: .seconds(10))
        // (256 - 100) * 2 s / 256 after the resignation.
        #expect(host.firstTakeover == .seconds(2) + .nanoseconds(1_218_750_000))
    }

    @Test("RFC9568-6.1-2 negative: VRRPv2 Skew_Time ignores the interval")
    func v2SkewTimeIgnoresInterval() {
        host.start(Conf.instance(version: .v2, priority: 100, intervalCentiseconds: 200))
        var v2 = peer
        v2.version = .v2
        v2.intervalCentiseconds = 200
        v2.advertise(at: .seconds(1), priority: 200)
        v2.advertise(at: .seconds(2), priority: 0)
        segment.run(until: .seconds(10))
        #expect(host.firstTakeover == .seconds(2) + .nanoseconds(609_375_000))
    }

    @Test("RFC9568-6.1-3 positive: a silent Active router is declared down after three intervals plus Skew_Time")
    func activeDownIntervalElapses() {
        host.start(Conf.instance(priority: 100))
        peer.advertise(at: .seconds(0.5), priority: 200)
        segment.run(until: .seconds(10))
        #expect(host.firstTakeover == .seconds(0.5) + .nanoseconds(3_609_375_000))
        #expect(host.runner?.router.activeDownInterval == .nanoseconds(3_609_375_000))
    }

    @Test("RFC9568-6.1-3 negative: adverts within the interval keep the Backup waiting")
    func advertsKeepBackupWaiting() {
        host.start(Conf.instance(priority: 100))
        peer.advertise(from: .seconds(0.5), until: .seconds(20), priority: 200)
        segment.run(until: .seconds(20))
        #expect(host.state == .backup)
        #expect(host.firstTakeover == nil)
    }
}
