import KeepvipConfig
import KeepvipDaemon
import Testing
import VRRPCore

/// A reload on the in-memory segment: the runner keeps its state and applies only what changed.
@Suite struct ReloadScenarioTests {
    let segment = InMemorySegment()
    let lb1: SimulatedHost
    let lb2: SimulatedHost
    let here = SourceLocation(file: "keepvip.conf", line: 9, column: 1)
    let secondAddress = IPAddress("192.0.2.201")!

    init() {
        lb1 = segment.addHost(lb1Address)
        lb2 = segment.addHost(lb2Address)
        lb1.start(referenceInstance(lb: 1))
        lb2.start(referenceInstance(lb: 2))
        segment.run(until: .seconds(5))
    }

    func adding(_ address: IPAddress, to instance: InstanceConfiguration) -> InstanceConfiguration {
        var changed = instance
        changed.virtualAddresses.append(VirtualAddress(address: address, prefixLength: 24, location: here))
        return changed
    }

    // The Active router stays Active, advertises the new priority at once, adds only the new VIP and
    // announces only it.
    @Test func activeKeepsStateAndAddsOnlyTheNewAddress() throws {
        let eventsBefore = lb1.events.count
        let reloadedAt = segment.now
        lb1.reload(adding(secondAddress, to: referenceInstance(lb: 1, priority: 111)))
        // Short of the takeover's own delayed burst (garp_master_delay), which announces every address.
        segment.run(for: .seconds(2))
        #expect(lb1.state == .active && lb2.state == .backup)
        let events = lb1.events.dropFirst(eventsBefore).map(\.what)
        #expect(!events.contains("remove \(floatingAddress)") && !events.contains("add \(floatingAddress)"))
        #expect(events.contains("add \(secondAddress)"))
        #expect(!events.contains("announce \(floatingAddress)"))
        #expect(lb1.announcements.filter { $0.at >= reloadedAt }.allSatisfy { $0.address == secondAddress })
        let first = try #require(segment.adverts(from: lb1Address).first { $0.at >= reloadedAt })
        #expect(first.at == reloadedAt && first.advertisement.priority == 111)
        #expect(lb1.log.contains("(loadbalancer1) Changing effective priority from 101 to 111"))
    }

    // A dropped VIP goes, the rest stays.
    @Test func activeRemovesOnlyTheDroppedAddress() {
        lb1.reload(adding(secondAddress, to: referenceInstance(lb: 1)))
        segment.run(for: .seconds(1))
        let eventsBefore = lb1.events.count
        lb1.reload(referenceInstance(lb: 1))
        segment.run(for: .seconds(2))
        let events = lb1.events.dropFirst(eventsBefore).map(\.what)
        #expect(events.filter { $0.hasPrefix("add ") || $0.hasPrefix("remove ") } == ["remove \(secondAddress)"])
        #expect(lb1.holds(floatingAddress) && !lb1.holds(secondAddress))
    }

    // A rename keeps the state; ten reloads of the same file do nothing at all.
    @Test func renameAndRepeatedReloadsAreQuiet() {
        var renamed = referenceInstance(lb: 1)
        renamed.name = "web"
        let eventsBefore = lb1.events.count
        let reloadedAt = segment.now
        for _ in 0..<10 { lb1.reload(renamed) }
        segment.run(for: .seconds(3))
        #expect(lb1.state == .active)
        #expect(lb1.events.dropFirst(eventsBefore).allSatisfy { $0.what == "advert" })
        // Adverts keep their one-second schedule.
        #expect(segment.adverts(from: lb1Address).filter { $0.at >= reloadedAt }.count == 3)
    }

    // A lower priority on the Active router lets the preempting Backup take over: a planned handover.
    @Test func loweredPriorityHandsOver() {
        lb1.reload(referenceInstance(lb: 1, priority: 50))
        segment.run(for: .seconds(5))
        #expect(lb1.state == .backup && lb2.state == .active)
        #expect(lb2.holds(floatingAddress) && !lb1.holds(floatingAddress))
    }

    // The Backup keeps its Active_Down timer through a reload: no takeover while adverts arrive.
    @Test func backupKeepsFollowing() {
        lb2.reload(referenceInstance(lb: 2, priority: 90))
        segment.run(for: .seconds(10))
        #expect(lb2.state == .backup && lb1.state == .active)
    }

    // A Backup given a VIP its Active router does not advertise drops that router's adverts (RFC 9568
    // §7.1, as keepalived does) and takes over after Active_Down_Interval, unless the Active router is
    // reloaded with the same list in time or skip_check_adv_addr is set.
    @Test func backupWithAnotherAddressListTakesOver() {
        lb2.reload(adding(secondAddress, to: referenceInstance(lb: 2)))
        segment.run(for: .seconds(5))
        #expect(lb2.state == .active && lb2.holds(secondAddress))
    }

    @Test func skipCheckKeepsFollowingTheSameRouter() {
        var relaxed = adding(secondAddress, to: referenceInstance(lb: 2))
        relaxed.skipsAdvertAddressCheck = true
        segment.run(for: .seconds(1))
        lb2.reload(referenceInstance(lb: 2))
        segment.run(for: .seconds(1))
        lb2.reload(relaxed)
        segment.run(for: .seconds(10))
        #expect(lb2.state == .backup && lb1.state == .active)
    }

    // A Backup raised above the Active router preempts (RFC 9568 §6.4.2), within one Active_Down_Interval.
    @Test func raisedBackupPreempts() {
        lb2.reload(referenceInstance(lb: 2, priority: 150))
        segment.run(for: .seconds(4))
        #expect(lb2.state == .active && lb1.state == .backup)
    }

    // Routes and rules follow the same order as at a takeover: in after the addresses, out before.
    @Test func addedRouteFollowsAddedAddress() {
        let route = VirtualRoute(
            destination: IPAddress("198.51.100.0")!, prefixLength: 24, gateways: [IPAddress("192.0.2.1")!],
            source: secondAddress, location: here)
        var changed = adding(secondAddress, to: referenceInstance(lb: 1))
        changed.virtualRoutes = [route]
        let eventsBefore = lb1.events.count
        lb1.reload(changed)
        #expect(lb1.events.dropFirst(eventsBefore).map(\.what).filter { $0.hasPrefix("add") }
            == ["add \(secondAddress)", "add route \(route)"])
        let removalsFrom = lb1.events.count
        lb1.reload(referenceInstance(lb: 1))
        #expect(lb1.events.dropFirst(removalsFrom).map(\.what).filter { $0.hasPrefix("remove") }
            == ["remove route \(route)", "remove \(secondAddress)"])
    }
}
