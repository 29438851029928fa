import Testing
@testable import KeepvipLab

let sample = """
    vrrp_instance loadbalancer1 {
        state MASTER
        interface eth0
        virtual_router_id 101
        priority 101 # the winner
        unicast_src_ip 192.0.2.11
        unicast_peer {
            192.0.2.12
        }
        virtual_ipaddress {
            192.0.2.200/24
            2001:db8::200/64
        }
    }
    """

@Suite struct PlanTests {
    @Test func namesAndAddresses() throws {
        let p = try LabPlan(name: "default", hostCount: 3)
        #expect(p.hosts == ["h1", "h2", "h3"])
        #expect(p.namespaces == ["kvlab-default-h1", "kvlab-default-h2", "kvlab-default-h3", "kvlab-default-client", "kvlab-default-br"])
        #expect(LabPlan.ipv4(host: 3) == "192.0.2.13")
        #expect(LabPlan.ipv6(host: 1) == "2001:db8::11")
        #expect(p.host(named: "2") == "h2")
        #expect(p.host(named: "h4") == nil)
        #expect(p.logFile(host: "h2") == "/run/keepvip-lab/default/h2.log")
    }

    @Test func refusesBadPlans() {
        #expect(throws: LabError.self) { try LabPlan(name: "Bad-Name", hostCount: 3) }
        #expect(throws: LabError.self) { try LabPlan(name: "x", hostCount: 0) }
        #expect(throws: LabError.self) { try LabPlan(name: "x", hostCount: 10) }
        #expect(throws: LabError.self) { try LabPlan(name: String(repeating: "a", count: 17), hostCount: 2) }
    }
}

@Suite struct TemplateTests {
    @Test func adaptsPerHost() throws {
        let plan = try LabPlan(name: "t", hostCount: 3)
        let t = LabTemplate(text: sample, file: "s.conf")
        #expect(t.problems(plan: plan).isEmpty)
        #expect(t.instanceNames == ["loadbalancer1"])
        #expect(t.vips["loadbalancer1"] == ["192.0.2.200/24", "2001:db8::200/64"])
        let h2 = t.adapted(for: 2, plan: plan)
        #expect(h2.contains("vrrp_instance loadbalancer2 {"))
        #expect(h2.contains("    state BACKUP\n"))
        #expect(h2.contains("    interface ens5\n"))
        #expect(h2.contains("    priority 100\n"))
        #expect(h2.contains("    unicast_src_ip 192.0.2.12\n"))
        #expect(h2.contains("    unicast_peer {\n        192.0.2.11\n        192.0.2.13\n    }\n"))
        #expect(!h2.contains("192.0.2.12\n        }"))
        #expect(h2.contains("192.0.2.200/24"))
        let h1 = t.adapted(for: 1, plan: plan)
        #expect(h1.contains("state MASTER") && h1.contains("priority 101\n") && h1.contains("vrrp_instance loadbalancer1 {"))
        #expect(t.adapted(for: 3, plan: plan).contains("priority 99\n"))
    }

    @Test func ipv6UnicastPeersFollowTheSourceFamily() throws {
        let plan = try LabPlan(name: "t", hostCount: 2)
        let text = sample.replacing("unicast_src_ip 192.0.2.11", with: "unicast_src_ip 2001:db8::11")
        let h1 = LabTemplate(text: text, file: "s").adapted(for: 1, plan: plan)
        #expect(h1.contains("unicast_src_ip 2001:db8::11\n"))
        #expect(h1.contains("unicast_peer {\n        2001:db8::12\n    }"))
    }

    @Test func multicastStaysMulticast() throws {
        let plan = try LabPlan(name: "t", hostCount: 2)
        let text = "vrrp_instance vi {\n  interface x\n  priority 150\n  virtual_ipaddress {\n    198.51.100.7/24\n  }\n}\n"
        let h2 = LabTemplate(text: text, file: "s").adapted(for: 2, plan: plan)
        #expect(!h2.contains("unicast"))
        #expect(h2.contains("vrrp_instance vi2 {") && h2.contains("priority 149"))
    }

    @Test func refusesAddressesOutsideTheRangesWithPosition() throws {
        let plan = try LabPlan(name: "t", hostCount: 2)
        let text = sample.replacing("192.0.2.200/24", with: "10.1.2.3/24")
            .replacing("2001:db8::200/64", with: "fe80::1/64")
        let problems = LabTemplate(text: text, file: "s.conf").problems(plan: plan)
        #expect(problems.map(\.line) == [11, 12])
        #expect(problems[0].column == 9)
        #expect(problems[0].description.hasPrefix("s.conf:11:9: error: 10.1.2.3 is outside"))
        let odd = LabTemplate(text: "x {\n  192.0.2.300\n}\n", file: "o").problems(plan: plan)
        #expect(odd.count == 1 && odd[0].message.contains("not a valid address"))
    }

    @Test func refusesAVIPThatIsALabAddress() throws {
        let plan = try LabPlan(name: "t", hostCount: 2)
        let text = sample.replacing("192.0.2.200/24", with: "192.0.2.100/24")
        let problems = LabTemplate(text: text, file: "s").problems(plan: plan)
        #expect(problems.count == 1 && problems[0].message.contains("the client"))
    }

    @Test func documentationRanges() {
        for a in ["192.0.2.1", "198.51.100.254", "2001:db8::1", "2001:db8:ffff::9"] { #expect(LabAddress(a)!.isDocumentation, "\(a)") }
        for a in ["192.0.3.1", "203.0.113.1", "2001:db9::1", "::1", "224.0.0.18"] { #expect(!LabAddress(a)!.isDocumentation, "\(a)") }
        #expect(LabAddress("ens5:1") == nil)
    }
}

@Suite struct StateTests {
    @Test func recordsRoundTripAndTornLines() {
        let text = LabState.record(["lab", "default", "3", "/x/keepvipd", "/etc/k.conf"])
            + LabState.record(["netns", "kvlab-default-br"]) + LabState.record(["netns", "kvlab-default-h1"])
            + LabState.record(["pid", "100", "555", "logger", "h1"]) + LabState.record(["pid", "101", "556", "daemon", "h1"])
            + LabState.record(["gone", "101"]) + LabState.record(["pid", "102", "600", "daemon", "h1"])
            + LabState.record(["loss", "20", "nft"]) + LabState.record(["partition", "h3"]) + "pid 10"
        let s = LabState(parsing: text)
        #expect(s.name == "default" && s.hostCount == 3 && s.keepvipd == "/x/keepvipd" && s.template == "/etc/k.conf")
        #expect(s.namespaces == ["kvlab-default-br", "kvlab-default-h1"])
        #expect(s.processes.map(\.pid) == [100, 102])
        #expect(s.daemon(of: "h1")?.pid == 102)
        #expect(s.lossPercent == 20 && s.lossMethod == "nft")
        #expect(s.partition == ["h3"])
        #expect(LabState(parsing: text + "\npartition\n").partition.isEmpty)
        #expect(LabState(parsing: "").namespaces.isEmpty)
    }
}

@Suite struct TimelineTests {
    @Test func parsesLogLines() {
        let line = TimelineEntry.logLine(time: 1_700_000_000_000_042, text: "<6>(lb1) Entering MASTER STATE")
        #expect(line == "1700000000.000042 <6>(lb1) Entering MASTER STATE")
        let e = TimelineEntry(logLine: Substring(line), source: "h1")
        #expect(e == TimelineEntry(time: 1_700_000_000_000_042, source: "h1", text: "(lb1) Entering MASTER STATE"))
        #expect(e!.isTransition)
        #expect(TimelineEntry(logLine: "garbage", source: "h1") == nil)
        #expect(TimelineEntry(logLine: "12.5 x", source: "h1") == nil)
    }

    @Test func mergesByTimeStably() {
        let a = [TimelineEntry(time: 1, source: "h1", text: "a1"), TimelineEntry(time: 5, source: "h1", text: "a5")]
        let b = [TimelineEntry(time: 1, source: "h2", text: "b1"), TimelineEntry(time: 3, source: "h2", text: "b3")]
        let c = [TimelineEntry(time: 4, source: "client", text: "c4")]
        #expect(Timeline.merge([a, b, c]).map(\.text) == ["a1", "b1", "b3", "c4", "a5"])
        #expect(Timeline.merge([]).isEmpty)
    }

    @Test func lastStatePerInstance() {
        let es = ["(lb1) Entering BACKUP STATE (init)", "(lb1) Entering MASTER STATE", "(lb9) Entering BACKUP STATE",
                  "(lb1) Entering BACKUP STATE", "unrelated"].enumerated().map { TimelineEntry(time: Int64($0.offset), source: "h1", text: $0.element) }
        #expect(Timeline.lastStates(es) == ["lb1": "BACKUP", "lb9": "BACKUP"])
        #expect(Timeline.lastStates(Array(es.prefix(2))) == ["lb1": "MASTER"])
    }
}
