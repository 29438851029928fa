import KeepvipConfig
import KeepvipDaemon
import Testing
import VRRPCore

/// The reference deployment on an in-memory segment with virtual time: the same story the namespace
/// tests tell with real kernels.
@Suite struct FailoverScenarioTests {
    let segment = InMemorySegment()
    let lb1: SimulatedHost
    let lb2: SimulatedHost

    init() {
        lb1 = segment.addHost(lb1Address)
        lb2 = segment.addHost(lb2Address)
    }

    func startPair() {
        lb1.start(referenceInstance(lb: 1))
        lb2.start(referenceInstance(lb: 2))
        segment.run(until: .seconds(5))
    }

    @Test func higherPriorityWinsTheElection() {
        startPair()
        #expect(lb1.state == .active && lb2.state == .backup)
        #expect(lb1.holds(floatingAddress) && !lb2.holds(floatingAddress))
        // RFC 3768 §6.4.1: both start as Backup; lb1's Master_Down_Interval is 3 + 155/256 s: its
        // first advert then, and the VIP one start-up claim later (`VirtualRouter+StartUp.swift`).
        #expect(segment.adverts(from: lb1Address).first?.at == Instant.zero + .nanoseconds(3_605_468_750))
        #expect(lb1.vipChanges.first?.at == Instant.zero + .nanoseconds(3_605_468_750) + VirtualRouter.claimTime)
        #expect(lb1.announcements.count == 5)
        #expect(lb2.log.contains("(loadbalancer2) Entering BACKUP STATE (init)"))
        #expect(lb1.log.contains("(loadbalancer1) Receive advertisement timeout"))
        #expect(lb1.log.contains("(loadbalancer1) Entering MASTER STATE"))
        #expect(lb1.log.contains("(loadbalancer1) setting VIPs."))
        #expect(lb1.log.contains("(loadbalancer1) Sending/queueing gratuitous ARPs on ens5 for 192.0.2.200"))
    }

    @Test func backupTakesOverAfterHardFailure() throws {
        startPair()
        let lastAdvert = try #require(segment.adverts(from: lb1Address).last?.at)
        lb1.crash()
        segment.run(for: .seconds(6))
        #expect(lb2.state == .active && lb2.holds(floatingAddress))
        let takeover = try #require(lb2.vipChanges.last { $0.added }?.at)
        // Master_Down_Interval after the last advert heard (plus the segment's latency).
        #expect(takeover - lastAdvert == .nanoseconds(3_609_375_000) + segment.latency)
        #expect(lb2.log.contains("(loadbalancer2) Entering MASTER STATE"))
    }

    @Test func restartedMasterPreemptsBack() {
        startPair()
        lb1.crash()
        segment.run(for: .seconds(6))
        // The crash left the VIP on lb1's interface: keepvip removes it at start.
        lb1.leaveAddress(floatingAddress)
        lb1.isLinkUp = true
        lb1.start(referenceInstance(lb: 1))
        #expect(!lb1.holds(floatingAddress))
        segment.run(for: .seconds(5))
        #expect(lb1.state == .active && lb1.holds(floatingAddress))
        #expect(lb2.state == .backup && !lb2.holds(floatingAddress))
        #expect(lb1.log.count(containing: "received lower priority (100) advert from 192.0.2.12 - discarding") >= 3)
        #expect(lb2.log.contains("(loadbalancer2) Master received advert from 192.0.2.11 with higher priority 101, ours 100"))
        #expect(lb2.log.contains("(loadbalancer2) Entering BACKUP STATE"))
        #expect(lb2.log.contains("(loadbalancer2) removing VIPs."))
    }

    @Test func gracefulStopHandsOverAfterSkewTime() throws {
        startPair()
        lb1.stop()
        let resignation = segment.now
        segment.run(for: .seconds(2))
        let zeroAdverts = segment.adverts(from: lb1Address).filter { $0.advertisement.priority == 0 }
        #expect(zeroAdverts.count == 1)
        #expect(!lb1.holds(floatingAddress))
        let takeover = try #require(lb2.vipChanges.last { $0.added }?.at)
        // RFC 3768 §6.4.2: Skew_Time = (256 - 100) / 256 s after the priority-0 advert arrives.
        #expect(takeover - resignation == .nanoseconds(609_375_000) + segment.latency)
        #expect(lb1.log.contains("(loadbalancer1) sent 0 priority"))
        #expect(lb2.log.contains("(loadbalancer2) Backup received priority 0 advertisement"))
    }

    @Test func nopreemptKeepsTheCurrentMaster() {
        lb2.start(referenceInstance(lb: 2))
        segment.run(until: .seconds(5))
        lb1.start(referenceInstance(lb: 1, preempt: false))
        segment.run(for: .seconds(10))
        #expect(lb2.state == .active && lb1.state == .backup)
    }

    @Test func higherPriorityPeerTakesOverAtOnce() {
        startPair()
        lb2.stop()
        lb2.start(referenceInstance(lb: 2, priority: 150))
        segment.run(for: .seconds(5))
        #expect(lb2.state == .active && lb1.state == .backup)
        #expect(lb1.log.contains("(loadbalancer1) Master received advert from 192.0.2.12 with higher priority 150, ours 101"))
    }

    /// A third host with valid adverts from an address not in unicast_peer changes nothing.
    @Test func rogueSourceIsIgnoredAndCounted() {
        startPair()
        let rogue = Advertisement(
            version: .v2, virtualRouterID: 101, priority: 254, intervalCentiseconds: 100,
            addresses: [floatingAddress], authentication: .simpleText(Array("password".utf8))
        ).encoded()
        for _ in 0..<10 {
            segment.run(for: .seconds(1))
            segment.inject(rogue, from: rogueAddress, to: lb1Address)
            segment.inject(rogue, from: rogueAddress, to: lb2Address)
        }
        #expect(lb1.state == .active && lb2.state == .backup)
        #expect(lb1.runner?.drops[.unknownSource] == 10)
        // Logged at most once per second per reason, naming the source.
        #expect(lb1.log.count(containing: "dropped advert from 192.0.2.13: source is not a unicast_peer") == 10)
        segment.run(for: .milliseconds(500))
        #expect(lb1.state == .active && lb2.state == .backup)
        segment.inject(rogue, from: rogueAddress, to: lb1Address)
        #expect(lb1.log.count(containing: "dropped advert from 192.0.2.13") == 10)
        #expect(lb1.runner?.drops[.unknownSource] == 11)
    }

    @Test func corruptAdvertsChangeNothing() {
        startPair()
        var bytes = Advertisement(
            version: .v2, virtualRouterID: 101, priority: 254, intervalCentiseconds: 100,
            addresses: [floatingAddress], authentication: .simpleText(Array("password".utf8))
        ).encoded()
        bytes[7] ^= 0xFF
        segment.inject(bytes, from: lb2Address, to: lb1Address)
        segment.inject(Array(bytes.prefix(5)), from: lb2Address, to: lb1Address)
        segment.run(for: .seconds(2))
        #expect(lb1.state == .active)
        #expect(lb1.runner?.drops[.checksum] == 1 && lb1.runner?.drops[.length] == 1)
    }

    @Test func wrongPasswordIsRejected() {
        startPair()
        let bytes = Advertisement(
            version: .v2, virtualRouterID: 101, priority: 254, intervalCentiseconds: 100,
            addresses: [floatingAddress], authentication: .simpleText(Array("secret".utf8))
        ).encoded()
        segment.inject(bytes, from: lb2Address, to: lb1Address)
        #expect(lb1.state == .active)
        #expect(lb1.runner?.drops[.authentication] == 1)
    }

    @Test func masterAdvertisesOncePerSecond() {
        startPair()
        segment.run(for: .seconds(10))
        // After the start-up claim's advert (one claim time before the first Active one).
        let times = segment.adverts(from: lb1Address).map(\.at).dropFirst()
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(!gaps.isEmpty && gaps.allSatisfy { $0 == .seconds(1) })
    }

    @Test func excludedAddressesMoveWithTheVIPsButStayOutOfAdverts() throws {
        let here = SourceLocation(file: "keepvip.conf", line: 1, column: 1)
        let excluded = [
            VirtualAddress(address: IPAddress("2001:db8::200")!, prefixLength: 64, location: here),
            VirtualAddress(address: IPAddress("198.51.100.200")!, prefixLength: 24, device: "ens6", location: here),
        ]
        var instance1 = referenceInstance(lb: 1)
        var instance2 = referenceInstance(lb: 2)
        instance1.excludedAddresses = excluded
        instance2.excludedAddresses = excluded
        lb1.start(instance1)
        lb2.start(instance2)
        segment.run(until: .seconds(5))
        #expect(lb1.state == .active)
        #expect(excluded.allSatisfy { lb1.holds($0.address) } && !excluded.contains { lb2.holds($0.address) })
        let advertised = try #require(segment.adverts(from: lb1Address).last?.advertisement.addresses)
        #expect(advertised == [floatingAddress])
        // Announced like the VIPs (keepalived sends GARP / NA for both lists), one line per interface and family.
        #expect(lb1.announcements.filter { $0.address == excluded[0].address }.count == 5)
        #expect(lb1.log.contains("(loadbalancer1) Sending/queueing unsolicited neighbour advertisements on ens5 for 2001:db8::200"))
        #expect(lb1.log.contains("(loadbalancer1) Sending/queueing gratuitous ARPs on ens6 for 198.51.100.200"))
        #expect(lb2.runner?.drops.total == 0)
        lb1.stop()
        segment.run(for: .seconds(2))
        #expect(!excluded.contains { lb1.holds($0.address) } && excluded.allSatisfy { lb2.holds($0.address) })
    }

    @Test func virtualRoutesAndRulesFollowTheAddressesInAndOut() throws {
        let here = SourceLocation(file: "keepvip.conf", line: 1, column: 1)
        let route = VirtualRoute(
            destination: IPAddress("198.51.100.0")!, prefixLength: 24, gateways: [IPAddress("192.0.2.1")!],
            source: floatingAddress, location: here)
        let rule = VirtualRule(
            family: .ipv4, source: .init(address: floatingAddress, length: 32), table: 100, location: here)
        var instance1 = referenceInstance(lb: 1)
        var instance2 = referenceInstance(lb: 2)
        instance1.virtualRoutes = [route]
        instance2.virtualRoutes = [route]
        instance1.virtualRules = [rule]
        instance2.virtualRules = [rule]
        lb2.leaveRoute(route)  // a crash left it behind
        lb1.start(instance1)
        lb2.start(instance2)
        #expect(lb2.routes.isEmpty)
        segment.run(until: .seconds(5))
        #expect(lb1.routes == [route.description, rule.description] && lb2.routes.isEmpty)
        // In after the addresses (the route's source is the VIP), out before them.
        let order = lb1.events.map(\.what).filter { $0.hasPrefix("add") }
        #expect(order == ["add 192.0.2.200", "add route \(route)", "add rule from 192.0.2.200 lookup 100"])
        lb1.stop()
        segment.run(for: .seconds(2))
        #expect(lb1.routes.isEmpty && lb2.routes == [route.description, rule.description])
        let removal = lb1.events.map(\.what).filter { $0.hasPrefix("remove") }
        #expect(removal == ["remove rule \(rule)", "remove route \(route)", "remove 192.0.2.200"])
        #expect(lb2.log.contains("(loadbalancer2) removed leftover route 198.51.100.0/24 via 192.0.2.1 src 192.0.2.200"))
        // A link flap flushes the routes; the Active router puts them back.
        lb2.flushRoutes()
        lb2.runner?.reassertVirtualAddresses(reason: "ens5 is up")
        #expect(lb2.routes == [route.description, rule.description])
        #expect(lb2.log.contains("(loadbalancer2) route 198.51.100.0/24 via 192.0.2.1 src 192.0.2.200 was missing (ens5 is up); added it again"))
    }
}
