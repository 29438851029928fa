import KeepvipConfig
import Testing
import VRRPCore

/// RFC 9568 §8: operational issues that keepvip can act on (announcements, priority-255 conflicts).
@Suite struct Section8Tests {
    let segment = InMemorySegment()

    /// Index of the first event of `host` whose description is `what`.
    func index(_ host: SimulatedHost, _ what: String) -> Int? { host.events.firstIndex { $0.what == what } }

    // MARK: §8.1.2 IPv4 ARP

    @Test("RFC9568-8.1.2-2 positive: gratuitous ARP follows the IPv4 address install")
    func garpAfterInstall() throws {
        let host = segment.addHost(Conf.hostA)
        host.start(Conf.instance(priority: 100))
        segment.run(until: .seconds(5))
        let added = try #require(index(host, "add 192.0.2.100"))
        let announced = try #require(index(host, "announce 192.0.2.100"))
        #expect(added < announced)
    }

    @Test("RFC9568-8.1.2-2 negative: with the address not configured (Backup) no gratuitous ARP is sent")
    func noGarpWithoutAddress() {
        let host = segment.addHost(Conf.hostA)
        host.start(Conf.instance(priority: 100))
        ScriptedPeer(address: Conf.peerHigh, segment: segment).advertise(from: .seconds(0.5), until: .seconds(10), priority: 200)
        segment.run(until: .seconds(10))
        #expect(host.announcements.isEmpty && !host.holds(Conf.vip))
    }

    @Test("RFC9568-8.1.2-4 positive: on becoming Active every IPv4 address is announced, again after garp_master_delay")
    func garpForEveryAddress() {
        let host = segment.addHost(Conf.hostA)
        host.start(Conf.instance(priority: 255, virtualAddresses: [Conf.vip, Conf.vip2], garpRepeat: 2, garpDelay: .seconds(5)))
        segment.run(until: .seconds(6))
        let atStart = host.announcements.filter { $0.at == .zero }.map(\.address)
        #expect(atStart == [Conf.vip, Conf.vip2, Conf.vip, Conf.vip2])
        #expect(host.announcements.filter { $0.at == .seconds(5) }.count == 4)
    }

    @Test("RFC9568-8.1.2-4 negative: a router that stays Active sends no further gratuitous ARP")
    func noGarpWhileStayingActive() {
        let host = segment.addHost(Conf.hostA)
        host.start(Conf.instance(priority: 255, garpRepeat: 2, garpDelay: .seconds(5)))
        segment.run(until: .seconds(6))
        let afterTakeover = host.announcements.count
        segment.run(until: .seconds(60))
        #expect(afterTakeover == 4 && host.announcements.count == afterTakeover)
    }

    // MARK: §8.2.2 IPv6 Neighbor Discovery

    @Test("RFC9568-8.2.2-4 positive: the unsolicited NA follows the IPv6 address install")
    func naAfterInstall() throws {
        let host = segment.addHost(Conf.hostA6)
        host.start(Conf.instance(priority: 100, virtualAddresses: [Conf.vip6]))
        segment.run(until: .seconds(5))
        let added = try #require(index(host, "add 2001:db8::100"))
        let announced = try #require(index(host, "announce 2001:db8::100"))
        #expect(added < announced)
    }

    @Test("RFC9568-8.2.2-4 negative: with the IPv6 address not configured (Backup) no NA is sent")
    func noNAWithoutAddress() {
        let host = segment.addHost(Conf.hostA6)
        host.start(Conf.instance(priority: 100, virtualAddresses: [Conf.vip6]))
        ScriptedPeer(address: Conf.peer6, segment: segment).advertise(from: .seconds(0.5), until: .seconds(10), priority: 200)
        segment.run(until: .seconds(10))
        #expect(host.announcements.isEmpty)
    }

    @Test("RFC9568-8.2.2-6 positive: on becoming Active the IPv6 address is announced")
    func naForAddress() {
        let host = segment.addHost(Conf.hostA6)
        host.start(Conf.instance(priority: 255, virtualAddresses: [Conf.vip6], garpRepeat: 3))
        #expect(host.announcements.map(\.address) == [Conf.vip6, Conf.vip6, Conf.vip6])
    }

    @Test("RFC9568-8.2.2-6 negative: a router that stays Active sends no further unsolicited NA")
    func noNAWhileStayingActive() {
        let host = segment.addHost(Conf.hostA6)
        host.start(Conf.instance(priority: 255, virtualAddresses: [Conf.vip6], garpRepeat: 1, garpDelay: .seconds(5)))
        segment.run(until: .seconds(6))
        let afterTakeover = host.announcements.count
        segment.run(until: .seconds(60))
        #expect(afterTakeover == 2 && host.announcements.count == afterTakeover)
    }

    // MARK: §8.3.2 priorities

    @Test("RFC9568-8.3.2-2 positive: a second priority-255 router is named in the owner's (rate-limited) log")
    func twoOwnersLogged() {
        let host = segment.addHost(Conf.hostA)
        host.start(Conf.instance(priority: 255))
        let rival = ScriptedPeer(address: Conf.peerHigh, segment: segment)
        for index in 0..<4 { rival.advertise(at: .seconds(1) + .milliseconds(200 * index), priority: 255) }
        segment.run(until: .seconds(1.9))
        #expect(host.log.count(containing: "two address owners for one VRID") == 1)
        #expect(host.runner?.drops[.addressOwner] == 4)
    }

    @Test("RFC9568-8.3.2-2 negative: an owner hearing an ordinary priority does not report two owners")
    func ordinaryPriorityNotAConflict() {
        let host = segment.addHost(Conf.hostA)
        host.start(Conf.instance(priority: 255))
        ScriptedPeer(address: Conf.peerHigh, segment: segment).advertise(at: .seconds(1), priority: 100)
        segment.run(until: .seconds(2))
        #expect(host.log.count(containing: "two address owners") == 0)
        #expect(host.runner?.drops[.addressOwner] == 1)
    }
}
