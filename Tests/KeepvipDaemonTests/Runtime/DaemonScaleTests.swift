import KeepvipDaemon
import Testing
import VRRPCore

/// The daemon's timer queue and per-VRID dispatch with hundreds of routers on each host (as many
/// VRIDs as one interface and family allow), on the in-memory segment with virtual time.
@Suite struct DaemonScaleTests {
    static let vrids = 1...250

    /// lb2's priority differs per VRID, so every Backup has a deadline of its own.
    static func backupPriority(_ vrid: Int) -> Int { 100 + vrid % 50 }

    static func configuration(on host: IPAddress, priority: (Int) -> Int) -> String {
        vrids.map {
            DaemonReloadTests.instance("VI_\($0)", vrid: $0, priority: priority($0), on: host, vips: ["198.51.100.\($0)/24"])
        }.joined()
    }

    @Test func everyRouterKeepsItsOwnTimers() throws {
        let pair = SimulatedPair()
        let segment = pair.segment
        pair.lb1.write(Self.configuration(on: lb1Address) { _ in 200 })
        pair.lb2.write(Self.configuration(on: lb2Address, priority: Self.backupPriority))
        try pair.lb1.start()
        try pair.lb2.start()
        segment.run(until: .seconds(30))
        #expect(pair.lb1.state.values.filter { $0 == .active }.count == Self.vrids.count)
        #expect(pair.lb2.state.values.filter { $0 == .backup }.count == Self.vrids.count)

        // Steady state: each Active router advertises exactly once a second; no Backup speaks.
        let window = Instant.zero + .seconds(10)...Instant.zero + .seconds(30)
        let sent = Dictionary(grouping: segment.adverts(from: lb1Address).filter { window.contains($0.at) }) {
            Int($0.advertisement.virtualRouterID)
        }
        #expect(Set(sent.keys) == Set(Self.vrids))
        for (vrid, adverts) in sent {
            let gaps = zip(adverts.dropFirst(), adverts).map { $0.at - $1.at }
            #expect(adverts.count >= 20 && gaps.allSatisfy { $0 == .seconds(1) }, "VRID \(vrid): \(gaps)")
        }
        #expect(segment.adverts(from: lb2Address).filter { window.contains($0.at) }.isEmpty)

        // lb1 resigns every router at once: each Backup takes over at its own Skew_Time after the
        // priority-0 advert arrives (RFC 3768 §6.4.2), no sooner and no later.
        let resignedAt = segment.now
        pair.lb1.core.stop(waitingForNotifications: false)
        segment.run(for: .seconds(3))
        #expect(pair.lb2.state.values.filter { $0 == .active }.count == Self.vrids.count)
        let firstAdverts = Dictionary(grouping: segment.adverts(from: lb2Address).filter { $0.at > resignedAt }) {
            Int($0.advertisement.virtualRouterID)
        }.compactMapValues(\.first)
        for vrid in Self.vrids {
            let skew = Duration.nanoseconds(Int64(256 - Self.backupPriority(vrid)) * 1_000_000_000 / 256)
            #expect(firstAdverts[vrid]?.at == resignedAt + segment.latency + skew, "VRID \(vrid)")
        }
    }
}
