import Testing
import VRRPCore

let lb1 = IPAddress.v4(IPv4Address(192, 0, 2, 11))
let lb2 = IPAddress.v4(IPv4Address(192, 0, 2, 12))

func configuration(
    priority: UInt8 = 100, primary: IPAddress = lb1, preempt: Bool = true, preemptDelay: Duration = .zero,
    version: VRRPVersion = .v2, intervalCentiseconds: UInt16 = 100
) -> VirtualRouterConfiguration {
    VirtualRouterConfiguration(
        version: version, virtualRouterID: 101, priority: priority, advertisementIntervalCentiseconds: intervalCentiseconds,
        preempt: preempt, preemptDelay: preemptDelay, primaryAddress: primary, virtualAddresses: [vip],
        authentication: version == .v2 ? .simpleText(Array("password".utf8)) : .none,
        delivery: .unicast(peers: [primary == lb1 ? lb2 : lb1])
    )
}

func advert(priority: UInt8, version: VRRPVersion = .v2, intervalCentiseconds: UInt16 = 100) -> Advertisement {
    Advertisement(version: version, virtualRouterID: 101, priority: priority, intervalCentiseconds: intervalCentiseconds, addresses: [vip])
}

extension Instant {
    static func ms(_ milliseconds: Int64) -> Instant { Instant(nanoseconds: milliseconds * 1_000_000) }
}

/// Drives a router to a point in virtual time, firing timers on their deadlines.
struct Harness {
    var router: VirtualRouter
    var now = Instant.zero
    var log: [(Instant, RouterAction)] = []

    init(_ configuration: VirtualRouterConfiguration) {
        router = VirtualRouter(configuration: configuration)
    }

    @discardableResult
    mutating func send(_ event: RouterEvent) -> [RouterAction] {
        let actions = router.handle(event, now: now)
        log += actions.map { (now, $0) }
        return actions
    }

    /// Advances to `instant`, delivering `.timersDue` at each deadline on the way.
    mutating func advance(to instant: Instant) {
        while let deadline = router.nextDeadline, deadline <= instant {
            now = max(now, deadline)
            send(.timersDue)
        }
        now = instant
    }

    var advertsSent: [UInt8] {
        log.compactMap { if case .sendAdvertisement(let priority) = $0.1 { priority } else { nil } }
    }
}

@Suite struct VirtualRouterTests {
    // RFC 3768 §6.1: Skew_Time = (256 - Priority) / 256; Master_Down_Interval = 3 × interval + Skew_Time.
    @Test func timersFollowRFC3768() {
        let router = VirtualRouter(configuration: configuration(priority: 100))
        #expect(router.skewTime == .nanoseconds(609_375_000))
        #expect(router.activeDownInterval == .nanoseconds(3_609_375_000))
    }

    // RFC 9568 §6.1: Skew_Time scales with Active_Adver_Interval.
    @Test func timersFollowRFC9568() {
        let router = VirtualRouter(configuration: configuration(priority: 100, version: .v3, intervalCentiseconds: 10))
        #expect(router.skewTime == .nanoseconds(60_937_500))
        #expect(router.activeDownInterval == .nanoseconds(360_937_500))
    }

    // RFC 3768 §6.4.1: a non-owner starts as Backup, whatever keepalived's `state MASTER` said.
    @Test func startupEntersBackup() {
        var h = Harness(configuration(priority: 101))
        #expect(h.send(.startup) == [.changeState(from: .initialize, to: .backup, reason: .startup)])
        #expect(h.router.state == .backup)
        #expect(h.router.nextDeadline == Instant.zero + h.router.activeDownInterval)
    }

    // RFC 3768 §6.4.1: the owner (255) becomes Master at once: advert, addresses, announcements.
    @Test func ownerStartsActive() {
        var h = Harness(configuration(priority: 255))
        #expect(h.send(.startup) == [
            .changeState(from: .initialize, to: .active, reason: .startup),
            .sendAdvertisement(priority: 255), .addVirtualAddresses, .announceVirtualAddresses(count: 5),
        ])
    }

    // RFC 3768 §6.4.2: Master_Down_Timer fires → advert, then VIPs, then gratuitous ARP; Master.
    // (A Backup that has heard an advert since start-up: no start-up claim.)
    @Test func backupTakesOverAfterActiveDownInterval() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.send(.advertisement(advert(priority: 150), source: lb2))
        h.advance(to: .ms(3609))
        #expect(h.router.state == .backup)
        h.advance(to: .ms(3610))
        #expect(h.router.state == .active)
        #expect(h.log.last(where: { if case .report(.receiveTimeout) = $0.1 { true } else { false } })?.0 == .ms(3609) + .microseconds(375))
        let tail = h.log.suffix(4).map(\.1)
        #expect(tail == [.changeState(from: .backup, to: .active, reason: .activeDownTimerExpired),
                         .sendAdvertisement(priority: 100), .addVirtualAddresses, .announceVirtualAddresses(count: 5)])
    }

    // RFC 3768 §6.4.3: the Master advertises every Advertisement_Interval, on schedule (no drift).
    @Test func activeAdvertisesEveryInterval() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        h.advance(to: .ms(10_000))
        let times = h.log.filter { $0.1 == .sendAdvertisement(priority: 255) }.map(\.0)
        #expect(times == (0...10).map { Instant.ms(Int64($0) * 1000) })
    }

    // keepalived's second burst: garp_master_repeat more after garp_master_delay.
    @Test func announcesAgainAfterDelay() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        h.advance(to: .ms(20_000))
        let bursts = h.log.filter { if case .announceVirtualAddresses = $0.1 { true } else { false } }.map(\.0)
        #expect(bursts == [.ms(0), .ms(5000)])
    }

    // RFC 3768 §6.4.2: an advert with priority ≥ ours resets Master_Down_Timer.
    @Test func backupDefersToHigherPriority() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        for second in 1...10 {
            h.advance(to: .ms(Int64(second) * 1000))
            #expect(h.send(.advertisement(advert(priority: 101), source: lb2)) == [])
        }
        #expect(h.router.state == .backup)
        #expect(h.router.nextDeadline == .ms(10_000) + h.router.activeDownInterval)
    }

    // RFC 3768 §6.4.2: priority 0 → Master_Down_Timer = Skew_Time.
    @Test func priorityZeroTriggersTakeoverAfterSkewTime() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        h.advance(to: .ms(1000))
        #expect(h.send(.advertisement(advert(priority: 0), source: lb2)) == [.report(.backupReceivedPriorityZero(source: lb2))])
        #expect(h.router.nextDeadline == .ms(1000) + .nanoseconds(609_375_000))
        h.advance(to: .ms(1610))
        #expect(h.router.state == .active)
    }

    // RFC 3768 §6.4.2: with preemption, a lower priority is discarded and we take over on our timer.
    @Test func preemptingBackupDiscardsLowerPriority() {
        var h = Harness(configuration(priority: 101))
        h.send(.startup)
        h.advance(to: .ms(1000))
        #expect(h.send(.advertisement(advert(priority: 100), source: lb2)) == [.report(.lowerPriorityDiscarded(source: lb2, priority: 100))])
        h.advance(to: .ms(3606))
        #expect(h.router.state == .active)
    }

    // keepalived's nopreempt: a lower priority Master is kept.
    @Test func nopreemptKeepsLowerPriorityMaster() {
        var h = Harness(configuration(priority: 101, preempt: false))
        h.send(.startup)
        for second in 1...10 {
            h.advance(to: .ms(Int64(second) * 1000))
            h.send(.advertisement(advert(priority: 100), source: lb2))
        }
        #expect(h.router.state == .backup)
    }

    // keepalived's preempt_delay: lower priority accepted until the delay after start-up has passed.
    @Test func preemptDelayHoldsPreemptionBack() {
        var h = Harness(configuration(priority: 101, preemptDelay: .seconds(10)))
        h.send(.startup)
        for second in 1...20 {
            h.advance(to: .ms(Int64(second) * 1000))
            if h.router.state == .backup { h.send(.advertisement(advert(priority: 100), source: lb2)) }
        }
        let takeover = h.log.first { $0.1 == .addVirtualAddresses }?.0
        // Adverts accepted until t=10 s, discarded from t=10 s: Master_Down fires 3.605 s after the one at t=9 s.
        #expect(takeover == .ms(9000) + h.router.activeDownInterval)
        #expect(h.log.contains { if case .report(.preemptionDelayed) = $0.1 { true } else { false } })
    }

    // RFC 3768 §6.4.3: Master hears a higher priority → Backup, VIPs removed.
    @Test func activeYieldsToHigherPriority() {
        var h = Harness(configuration(priority: 255 - 154))
        h.send(.startup)
        h.advance(to: .ms(4000))
        #expect(h.router.state == .active)
        #expect(h.send(.advertisement(advert(priority: 150), source: lb2)) == [
            .report(.activeReceivedHigherPriority(source: lb2, priority: 150, ours: 101)),
            .changeState(from: .active, to: .backup, reason: .preempted(by: lb2, priority: 150)),
            .removeVirtualAddresses,
        ])
        #expect(h.router.nextDeadline == .ms(4000) + h.router.activeDownInterval)
    }

    // RFC 3768 §6.4.3: equal priority — the higher primary address wins.
    @Test func tieBreakOnPrimaryAddress() {
        var low = Harness(configuration(priority: 100, primary: lb1))
        low.send(.startup)
        low.advance(to: .ms(4000))
        #expect(low.send(.advertisement(advert(priority: 100), source: lb2)).contains(.removeVirtualAddresses))

        var high = Harness(configuration(priority: 100, primary: lb2))
        high.send(.startup)
        high.advance(to: .ms(4000))
        #expect(high.send(.advertisement(advert(priority: 100), source: lb1)) == [
            .report(.activeReceivedLowerPriority(source: lb1, priority: 100)),
        ])
        #expect(high.router.state == .active)
    }

    // RFC 3768 §6.4.3: Master hears priority 0 → advertises at once.
    @Test func activeAnswersPriorityZero() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        h.advance(to: .ms(1500))
        #expect(h.send(.advertisement(advert(priority: 0), source: lb2)) == [
            .report(.activeReceivedPriorityZero(source: lb2)), .sendAdvertisement(priority: 255),
        ])
        #expect(h.router.nextDeadline == .ms(2500))
    }

    // RFC 3768 §6.4.3: a lower priority is discarded by a VRRPv2 Master…
    @Test func activeV2IgnoresLowerPriority() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        #expect(h.send(.advertisement(advert(priority: 100), source: lb2)) == [.report(.activeReceivedLowerPriority(source: lb2, priority: 100))])
    }

    // …and RFC 9568 §6.4.3: a VRRPv3 Active router re-advertises at once.
    @Test func activeV3ReassertsOnLowerPriority() {
        var h = Harness(configuration(priority: 255, version: .v3))
        h.send(.startup)
        h.advance(to: .ms(500))
        #expect(h.send(.advertisement(advert(priority: 100, version: .v3), source: lb2)) == [
            .report(.activeReceivedLowerPriority(source: lb2, priority: 100)), .sendAdvertisement(priority: 255),
        ])
    }

    // RFC 9568 §6.4.2: a VRRPv3 Backup adopts the Active router's interval.
    @Test func v3BackupLearnsActiveInterval() {
        var h = Harness(configuration(priority: 100, version: .v3, intervalCentiseconds: 100))
        h.send(.startup)
        h.send(.advertisement(advert(priority: 200, version: .v3, intervalCentiseconds: 10), source: lb2))
        #expect(h.router.activeAdvertisementIntervalCentiseconds == 10)
        #expect(h.router.nextDeadline == Instant.zero + .nanoseconds(360_937_500))
    }

    // RFC 3768 §6.4.3: Master shutdown → priority-0 advert, VIPs removed, Initialize.
    @Test func activeShutdownResigns() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        #expect(h.send(.shutdown) == [
            .sendAdvertisement(priority: 0), .report(.sentPriorityZero), .removeVirtualAddresses,
            .changeState(from: .active, to: .initialize, reason: .shutdown),
        ])
        #expect(h.router.nextDeadline == nil)
    }

    // RFC 3768 §6.4.2: Backup shutdown → Initialize, nothing sent.
    @Test func backupShutdownIsQuiet() {
        var h = Harness(configuration(priority: 100))
        h.send(.startup)
        #expect(h.send(.shutdown) == [.changeState(from: .backup, to: .initialize, reason: .shutdown)])
        #expect(h.router.nextDeadline == nil)
        #expect(h.send(.timersDue) == [])
    }

    // Events before start-up change nothing.
    @Test func initializeIgnoresEverythingButStartup() {
        var h = Harness(configuration())
        #expect(h.send(.advertisement(advert(priority: 200), source: lb2)) == [])
        #expect(h.send(.timersDue) == [])
        #expect(h.send(.shutdown) == [])
        #expect(h.router.state == .initialize)
    }

    // A late wake-up never sends a burst of adverts.
    @Test func stalledLoopDoesNotBurst() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        h.now = .ms(7300)
        h.send(.timersDue)
        #expect(h.advertsSent == [255, 255])
        #expect(h.router.nextDeadline == .ms(8300))
    }
}

@Suite struct AdvertisedAddressesTests {
    // RFC 9568 §5.2.9: for IPv6 the link-local address comes first in the advert.
    @Test func ipv6LinkLocalComesFirst() {
        let configuration = VirtualRouterConfiguration(
            version: .v3, virtualRouterID: 1, primaryAddress: IPAddress("fe80::11")!,
            virtualAddresses: [IPAddress("2001:db8::200")!, IPAddress("fe80::1")!, IPAddress("2001:db8::201")!]
        )
        #expect(configuration.advertisedAddresses == [IPAddress("fe80::1")!, IPAddress("2001:db8::200")!, IPAddress("2001:db8::201")!])
    }

    @Test func onlyTheRoutersFamilyIsAdvertised() {
        let configuration = VirtualRouterConfiguration(
            virtualRouterID: 1, primaryAddress: lb1, virtualAddresses: [vip, IPAddress("2001:db8::200")!]
        )
        #expect(configuration.advertisedAddresses == [vip])
    }
}
