@testable import KeepvipDaemon
import Testing

/// The metrics a scrape returns, from the whole daemon on the in-memory segment.
@Suite struct PrometheusExpositionTests {
    let pair = SimulatedPair()

    @Test func everyInstanceSeriesIsLabelledAndCounted() throws {
        pair.lb1.write(DaemonReloadTests.instance("VI_1", priority: 150, on: lb1Address))
        pair.lb2.write(DaemonReloadTests.instance("VI_1", priority: 100, on: lb2Address))
        try pair.lb1.start()
        try pair.lb2.start()
        pair.segment.run(until: .seconds(10))
        let text = PrometheusExposition.render(pair.lb1.core.status(unixNow: 1_800_000_000, configurationFile: "k.conf"))
        let labels = #"vrrp_instance="VI_1",interface="ens5",vrid="101",family="ipv4""#
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains("keepvip_instance_state{\(labels),state=\"active\"} 1"))
        #expect(lines.contains("keepvip_instance_state{\(labels),state=\"backup\"} 0"))
        #expect(lines.contains("keepvip_instance_priority{\(labels)} 150"))
        #expect(lines.contains("keepvip_became_active_total{\(labels)} 1"))
        #expect(lines.contains("keepvip_drops_total{\(labels),reason=\"auth\"} 0"))
        #expect(lines.contains("keepvip_tracker_up{\(labels),kind=\"interface\",name=\"ens5\"} 1"))
        #expect(lines.contains("keepvip_reloads_applied_total 0"))
        // Each family once, HELP before TYPE before its samples.
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
        #expect(Set(types).count == types.count)
        #expect(text.split(separator: "\n").allSatisfy { $0.hasPrefix("# ") || $0.hasPrefix("keepvip_") })
    }

    @Test func labelValuesAreEscaped() {
        #expect(PrometheusExposition.escaped("a\"b\\c\nd") == #"a\"b\\c\nd"#)
    }
}
