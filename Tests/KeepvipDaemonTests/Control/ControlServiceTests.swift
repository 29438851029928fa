import Foundation
import KeepvipDaemon
import Testing
import VRRPCore

/// The control socket's requests answered by the whole daemon on the in-memory segment: what
/// `keepvip status`, `stats` and `reload` print.
@Suite struct ControlServiceTests {
    let pair = SimulatedPair()
    var segment: InMemorySegment { pair.segment }
    var lb1: SimulatedDaemonHost { pair.lb1 }
    var lb2: SimulatedDaemonHost { pair.lb2 }

    static func instance(priority: Int, on host: IPAddress, extra: String = "") -> String {
        DaemonReloadTests.instance("VI_1", priority: priority, on: host, extra: extra)
    }

    func service(_ host: SimulatedDaemonHost) -> ControlService {
        let segment = segment
        return ControlService(core: host.core, configurationFile: "/etc/keepvip/keepvip.conf") {
            1_800_000_000 + Double(segment.now.nanoseconds) / 1e9
        }
    }

    /// The one reply `request` gets, after the segment has run long enough to serve it.
    func ask(_ service: ControlService, _ request: String) -> ControlService.Response? {
        var replies: [ControlService.Response] = []
        service.respond(to: request) { replies.append($0) }
        if replies.isEmpty { segment.run(for: .milliseconds(10)) }
        #expect(replies.count == 1, "\(request): \(replies.count) replies")
        return replies.first
    }

    func startPair(lb1 first: Int = 150, lb2 second: Int = 100, lb2Extra: String = "") throws {
        lb1.write(Self.instance(priority: first, on: lb1Address))
        lb2.write(Self.instance(priority: second, on: lb2Address, extra: lb2Extra))
        try lb1.start()
        try lb2.start()
        segment.run(until: .seconds(5))
    }

    func row(_ text: String, _ name: String) -> String {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map(String.init) ?? ""
    }

    @Test func statusShowsEachInstanceWithWhoIsActiveAndWhy() throws {
        try startPair()
        let active = try #require(ask(service(lb1), "status"))
        let backup = try #require(ask(service(lb2), "status"))
        #expect(active.succeeded && backup.succeeded)
        #expect(active.encoded.starts(with: Array("ok\nkeepvipd ".utf8)))
        #expect(active.body.contains("1 instance: 1 Active"))
        let lb1Row = row(active.body, "VI_1")
        #expect(lb1Row.contains("ens5") && lb1Row.contains(" 101 ") && lb1Row.contains("v2 IPv4"))
        #expect(lb1Row.contains("Active (MASTER)") && lb1Row.contains("150/150"))
        #expect(lb1Row.contains("\(lb1Address) (this host)") && lb1Row.contains("192.0.2.200/24"))
        #expect(lb1Row.hasSuffix("Backup → Active: Receive advertisement timeout"))
        let lb2Row = row(backup.body, "VI_1")
        #expect(lb2Row.contains("Backup (BACKUP)") && lb2Row.contains("100/100"))
        #expect(lb2Row.contains("\(lb1Address)") && !lb2Row.contains("this host"))
        #expect(lb2Row.hasSuffix("Initialize → Backup: start-up"))
        #expect(active.body.contains("VI_1 tracks: source_address \(lb1Address) up; interface ens5 up"))
    }

    @Test func statusNamesThePreemptingRouterAndTheFailedTracker() throws {
        try startPair()
        lb2.write(Self.instance(priority: 200, on: lb2Address, extra: "    track_interface {\n        ens6\n    }"))
        lb2.otherLinks["ens6"] = true
        let result = lb2.core.reload()
        if case .refused = result { Issue.record("\(result)") }
        segment.run(for: .seconds(3))
        let preempted = row(try #require(ask(service(lb1), "status")).body, "VI_1")
        #expect(preempted.hasSuffix("Active → Backup: higher priority 200 from \(lb2Address)"))
        #expect(preempted.contains("\(lb2Address)"))
        lb2.setLink("ens6", up: false)
        segment.run(for: .seconds(1))
        let faulted = try #require(ask(service(lb2), "status")).body
        #expect(row(faulted, "VI_1").hasSuffix("Active → Fault: interface ens6 down"))
        #expect(faulted.contains("interface ens6 down FAULT"))
    }

    @Test func statsCountBothSidesOfTheWire() throws {
        try startPair()
        segment.run(for: .seconds(10))
        let lb1Runner = try #require(lb1.core.runners.first)
        let lb2Runner = try #require(lb2.core.runners.first)
        #expect(lb1Runner.counters.becameActive == 1 && lb1Runner.counters.leftActive == 0)
        #expect(lb1Runner.counters.advertisementsSent >= 12)
        #expect(lb2Runner.counters.advertisementsReceived == lb1Runner.counters.advertisementsSent)
        #expect(lb1Runner.counters.announcementsSent > 0)
        let stats = try #require(ask(service(lb1), "stats")).body
        #expect(row(stats, "adverts sent").hasSuffix(" \(lb1Runner.counters.advertisementsSent)"))
        #expect(row(stats, "became Active").hasSuffix(" 1"))
        #expect(row(stats, "dropped auth").hasSuffix(" 0"))
        #expect(stats.contains("reloads applied"))
        lb1.core.stop()
        segment.run(for: .seconds(1))
        #expect(lb1Runner.counters.priorityZeroSent == 1 && lb1Runner.counters.leftActive == 1)
        #expect(lb2Runner.counters.priorityZeroReceived == 1)
    }

    @Test func jsonCarriesTheSchemaVersionAndStableNames() throws {
        try startPair()
        let reply = try #require(ask(service(lb2), "status json"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])
        #expect(document["schema_version"] as? Int == 1)
        let instances = try #require(document["instances"] as? [[String: Any]])
        let instance = try #require(instances.first)
        #expect(instance["name"] as? String == "VI_1" && instance["vrid"] as? Int == 101)
        #expect(instance["state"] as? String == "backup" && instance["keepalived_state"] as? String == "BACKUP")
        #expect(instance["active_router"] as? String == "\(lb1Address)")
        #expect(instance["active_router_is_this_host"] as? Bool == false)
        #expect((instance["since"] as? String)?.hasSuffix("Z") == true)
        let counters = try #require(instance["counters"] as? [String: Any])
        #expect((counters["adverts_received"] as? Int ?? 0) > 0)
        #expect((counters["drops"] as? [String: Int])?["auth"] == 0)
        #expect((document["counters"] as? [String: Any])?["reloads_applied"] as? Int == 0)
        let stats = try #require(ask(service(lb2), "stats json"))
        #expect(stats.body.hasPrefix("{\"schema_version\":1,"))
    }

    @Test func reloadRepliesWithTheResultLineOrEveryError() throws {
        try startPair()
        let service = service(lb1)
        lb1.write(Self.instance(priority: 160, on: lb1Address))
        let applied = try #require(ask(service, "reload"))
        #expect(applied.succeeded && applied.body.hasPrefix("reload: 0 unchanged, 1 changed (VI_1: priority 150→160)"))
        lb1.write(Self.instance(priority: 300, on: lb1Address))
        let refused = try #require(ask(service, "reload"))
        #expect(!refused.succeeded)
        let lines = refused.body.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("/etc/keepvip/keepvip.conf:4:14: error: priority 300"))
        #expect(lines[1].hasPrefix("reload refused: 1 error(s)"))
        #expect(lb1.core.counters.reloadsApplied == 1 && lb1.core.counters.reloadsRefused == 1)
    }

    @Test(arguments: ["", "   ", "statu", "status xml", "reload now", "stats json extra", "\u{1}\u{7f}junk", String(repeating: "x", count: 300)])
    func badRequestGetsOneLineAndChangesNothing(request: String) throws {
        try startPair()
        let service = service(lb1)
        let reply = try #require(ask(service, request))
        #expect(!reply.succeeded)
        #expect(reply.body.hasPrefix("bad request: ") && reply.body.split(separator: "\n").count == 1)
        #expect(reply.body.count < 200)
        #expect(service.requestsRejected == 1 && service.requestsServed == 0)
        #expect(lb1.state == ["VI_1": .active])
    }
}
