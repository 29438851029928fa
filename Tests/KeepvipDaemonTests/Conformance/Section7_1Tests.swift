import KeepvipConfig
import Testing
import VRRPCore

/// RFC 9568 §7.1: receive checks. Each check is proven by a packet that passes (positive) and one
/// that fails it and is counted under its `DropReason` (negative), from a simulated peer.
@Suite struct Section7_1Tests {
    let segment = InMemorySegment()
    let host: SimulatedHost
    let peer: ScriptedPeer

    init() {
        host = segment.addHost(Conf.hostA)
        peer = ScriptedPeer(address: Conf.peerHigh, segment: segment)
    }

    /// Starts a VRRPv3 Backup, delivers `message` at 1 s, and returns the drop counters.
    func deliver(_ message: [UInt8], ttl: UInt8 = 255, instance: InstanceConfiguration = Conf.instance()) -> DropCounters {
        host.start(instance)
        peer.send(message, at: .seconds(1), ttl: ttl)
        segment.run(until: .seconds(1.5))
        return host.runner?.drops ?? DropCounters()
    }

    var valid: [UInt8] { Conf.advert(from: Conf.peerHigh, priority: 200) }

    /// `valid` with one byte changed and the checksum made right again.
    func edited(_ offset: Int, _ value: UInt8) -> [UInt8] {
        var message = valid
        message[offset] = value
        return Conf.withChecksum(message, from: Conf.peerHigh, to: Conf.group4)
    }

    @Test("RFC9568-7.1-1 positive: TTL 255 is accepted")
    func ttl255Accepted() {
        #expect(deliver(valid, ttl: 255).total == 0)
    }

    @Test("RFC9568-7.1-1 negative: TTL 254 is dropped as ttl; an IPv6 hop limit of 64 too")
    func ttlBelow255Dropped() {
        #expect(deliver(valid, ttl: 254)[.hopLimit] == 1)
        let host6 = segment.addHost(Conf.hostA6)
        host6.start(Conf.instance(virtualAddresses: [Conf.vip6]))
        ScriptedPeer(address: Conf.peer6, segment: segment).send(Conf.advert(from: Conf.peer6, priority: 200), at: .seconds(2), ttl: 64)
        segment.run(until: .seconds(2.5))
        #expect(host6.runner?.drops[.hopLimit] == 1)
    }

    @Test("RFC9568-7.1-2 positive: version 3 is accepted by a VRRPv3 router")
    func version3Accepted() {
        #expect(deliver(valid).total == 0)
    }

    @Test("RFC9568-7.1-2 negative: a VRRPv2 advert is dropped as version by a VRRPv3 router")
    func version2Dropped() {
        let v2 = Conf.advert(from: Conf.peerHigh, version: .v2, priority: 200)
        #expect(deliver(v2)[.version] == 1)
    }

    @Test("RFC9568-7.1-3 positive: type 1 (ADVERTISEMENT) is accepted")
    func type1Accepted() {
        #expect(deliver(edited(0, 0x31)).total == 0)
    }

    @Test("RFC9568-7.1-3 negative: type 2 is dropped as type")
    func type2Dropped() {
        #expect(deliver(edited(0, 0x32))[.type] == 1)
    }

    @Test("RFC9568-7.1-4 positive: a complete message is accepted")
    func completeAccepted() {
        #expect(deliver(valid).total == 0)
    }

    @Test("RFC9568-7.1-4 negative: a message shorter than its address count declares is dropped as length")
    func truncatedDropped() {
        #expect(deliver(edited(3, 2))[.length] == 1)
        #expect(host.runner?.drops.total == 1)
    }

    @Test("RFC9568-7.1-5 positive: a correct checksum (with the IPv4 pseudo-header) is accepted")
    func checksumAccepted() {
        #expect(deliver(valid).total == 0)
    }

    @Test("RFC9568-7.1-5 negative: a corrupted checksum is dropped as checksum")
    func checksumDropped() {
        var message = valid
        message[7] ^= 0xFF
        #expect(deliver(message)[.checksum] == 1)
    }

    @Test("RFC9568-7.1-6 positive: the configured VRID is accepted")
    func configuredVRIDAccepted() {
        #expect(deliver(valid).total == 0)
    }

    @Test("RFC9568-7.1-6 negative: another VRID is dropped as vrid")
    func otherVRIDDropped() {
        #expect(deliver(Conf.advert(from: Conf.peerHigh, vrid: 52, priority: 200))[.unknownVirtualRouter] == 1)
    }

    @Test("RFC9568-7.1-7 positive: a router that is not the owner processes the advert")
    func nonOwnerProcesses() {
        let drops = deliver(valid, instance: Conf.instance(priority: 254))
        #expect(drops.total == 0)
        // It reached the state machine, which judged it (lower than our 254, preempting: discarded).
        #expect(host.log.contains("(VI_51) received lower priority (200) advert from 192.0.2.30 - discarding"))
    }

    @Test("RFC9568-7.1-7 negative: the address owner drops adverts for its VRID as owner")
    func ownerDrops() {
        #expect(deliver(valid, instance: Conf.instance(priority: 255))[.addressOwner] == 1)
        #expect(host.state == .active)
    }

    @Test("RFC9568-7.1-8 positive: a higher-priority advert that fails a check does not preempt")
    func failedCheckDoesNotPreempt() {
        host.start(Conf.instance(priority: 200))
        segment.run(until: .seconds(5))
        peer.send(Conf.advert(from: Conf.peerHigh, priority: 250), at: .seconds(5), ttl: 1)
        segment.run(until: .seconds(6))
        #expect(host.state == .active && host.runner?.drops[.hopLimit] == 1)
    }

    @Test("RFC9568-7.1-8 negative: the same advert with TTL 255 preempts")
    func passedCheckPreempts() {
        host.start(Conf.instance(priority: 200))
        segment.run(until: .seconds(5))
        peer.send(Conf.advert(from: Conf.peerHigh, priority: 250), at: .seconds(5))
        segment.run(until: .seconds(6))
        #expect(host.state == .backup && host.runner?.drops.total == 0)
    }

    @Test("RFC9568-7.1-9 positive: a burst of bad packets is counted in full but logged once per second")
    func dropLogIsRateLimited() {
        host.start(Conf.instance())
        for index in 0..<5 {
            peer.send(valid, at: .seconds(1) + .milliseconds(100 * index), ttl: 1)
        }
        segment.run(until: .seconds(1.9))
        #expect(host.runner?.drops[.hopLimit] == 5)
        #expect(host.log.count(containing: "dropped advert from 192.0.2.30: TTL 1, must be 255") == 1)
    }

    @Test("RFC9568-7.1-9 negative: a period after a burst's line, one line sums up what was held back")
    func dropLogResumesAfterPeriod() {
        host.start(Conf.instance())
        for index in 0..<5 {
            peer.send(valid, at: .seconds(1) + .milliseconds(100 * index), ttl: 1)
        }
        peer.send(valid, at: .seconds(2.5), ttl: 1)
        peer.send(valid, at: .seconds(4.5), ttl: 1)
        segment.run(until: .seconds(5))
        #expect(host.log.count(containing: "dropped 4 more adverts as ttl in the last 1 s [ttl drops: 5]") == 1)
        #expect(host.log.count(containing: "dropped 1 more advert as ttl in the last 1 s [ttl drops: 6]") == 1)
        // After a quiet period, a packet gets its own line again.
        #expect(host.log.count(containing: "dropped advert from 192.0.2.30: TTL 1, must be 255 [ttl drops: 7]") == 1)
    }

    @Test("RFC9568-7.1-10 positive: a VRRPv3 interval other than ours is logged (rate-limited) and accepted")
    func intervalMismatchLogged() {
        host.start(Conf.instance())
        var slow = peer
        slow.intervalCentiseconds = 200
        slow.advertise(from: .seconds(1), until: .seconds(1.9), priority: 200)
        slow.advertise(at: .seconds(1.5), priority: 200)
        segment.run(until: .seconds(1.9))
        #expect(host.log.count(containing: "has interval 200 cs, ours 100 cs; accepted") == 1)
        #expect(host.runner?.drops.total == 0)
        #expect(host.runner?.router.activeAdvertisementIntervalCentiseconds == 200)
    }

    @Test("RFC9568-7.1-10 negative: a matching interval logs nothing")
    func intervalMatchSilent() {
        host.start(Conf.instance())
        peer.advertise(from: .seconds(1), until: .seconds(3), priority: 200)
        segment.run(until: .seconds(3))
        #expect(host.log.count(containing: "has interval") == 0)
    }

    @Test("RFC9568-7.1-11 positive: an address list other than ours is logged and dropped as address_list")
    func addressMismatchDropped() {
        host.start(Conf.instance())
        peer.advertise(at: .seconds(1), priority: 200, addresses: [Conf.vip2])
        segment.run(until: .seconds(2))
        #expect(host.log.count(containing: "address list differs from ours: missing 192.0.2.100; extra 192.0.2.101") == 1)
        #expect(host.runner?.drops[.addressList] == 1)
    }

    @Test("RFC9568-7.1-11 negative: a matching address list logs nothing")
    func addressMatchSilent() {
        host.start(Conf.instance())
        peer.advertise(at: .seconds(1), priority: 200)
        segment.run(until: .seconds(2))
        #expect(host.log.count(containing: "differ from ours") == 0)
    }

    @Test("RFC9568-7.1-12 positive: a Max Advertise Interval of 1 cs is accepted")
    func interval1Accepted() {
        #expect(deliver(Conf.advert(from: Conf.peerHigh, priority: 200, intervalCentiseconds: 1)).total == 0)
    }

    @Test("RFC9568-7.1-12 negative: a Max Advertise Interval of 0 is dropped as interval")
    func interval0Dropped() {
        #expect(deliver(Conf.advert(from: Conf.peerHigh, priority: 200, intervalCentiseconds: 0))[.interval] == 1)
        #expect(host.runner?.router.activeAdvertisementIntervalCentiseconds == 100)
    }
}
