import Testing
import VRRPCore

extension Harness {
    /// Each announcement action with its time.
    var announcements: [(Instant, Int)] {
        log.compactMap { if case .announceVirtualAddresses(let count) = $0.1 { ($0.0, count) } else { nil } }
    }
}

func ownerConfiguration(_ change: (inout VirtualRouterConfiguration) -> Void) -> VirtualRouterConfiguration {
    var result = configuration(priority: 255)
    change(&result)
    return result
}

@Suite struct AnnouncementTimingTests {
    // keepalived's garp_interval: the messages of each burst are spaced, the second burst too.
    @Test func spacingSpreadsEachBurst() {
        var h = Harness(ownerConfiguration { $0.announcementCount = 3; $0.announcementSpacing = .milliseconds(100) })
        h.send(.startup)
        h.advance(to: .ms(20_000))
        #expect(h.announcements.map(\.0) == [.ms(0), .ms(100), .ms(200), .ms(5000), .ms(5100), .ms(5200)])
        #expect(h.announcements.allSatisfy { $0.1 == 1 })
    }

    // Zero spacing is today's behaviour: whole bursts at once.
    @Test func zeroSpacingSendsWholeBursts() {
        var h = Harness(ownerConfiguration { $0.announcementCount = 3 })
        h.send(.startup)
        h.advance(to: .ms(20_000))
        #expect(h.announcements.map(\.0) == [.ms(0), .ms(5000)])
        #expect(h.announcements.map(\.1) == [3, 3])
    }

    // No second burst when garp_master_delay is zero.
    @Test func zeroDelayMeansOneBurst() {
        var h = Harness(ownerConfiguration { $0.announcementDelay = .zero })
        h.send(.startup)
        h.advance(to: .ms(20_000))
        #expect(h.announcements.map(\.0) == [.ms(0)])
    }

    // keepalived's garp_master_refresh / _repeat: periodic bursts while Active, from becoming Active.
    @Test func refreshRepeatsWhileActive() {
        var h = Harness(ownerConfiguration {
            $0.announcementDelay = .zero; $0.refreshInterval = .seconds(60); $0.refreshCount = 2
        })
        h.send(.startup)
        h.advance(to: .ms(185_000))
        #expect(h.announcements.map(\.0) == [.ms(0), .ms(60_000), .ms(120_000), .ms(180_000)])
        #expect(h.announcements.map(\.1) == [5, 2, 2, 2])
    }

    // The refresh stops when the router leaves Active.
    @Test func refreshStopsOnLeavingActive() {
        var c = configuration(priority: 100)
        c.refreshInterval = .seconds(10)
        c.announcementDelay = .zero
        var h = Harness(c)
        h.send(.startup)
        h.advance(to: .ms(15_000))
        h.send(.advertisement(advert(priority: 200), source: lb2))
        #expect(h.router.state == .backup)
        let before = h.announcements.count
        for second in 16...40 {
            h.advance(to: .ms(Int64(second) * 1000))
            h.send(.advertisement(advert(priority: 200), source: lb2))
        }
        #expect(h.announcements.count == before)
    }

    // keepalived's garp_lower_prio_repeat / _delay: a lower-priority advert heard while Active is answered with
    // announcements at once and again after the delay.
    @Test func lowerPriorityAdvertTriggersAnnouncements() {
        var h = Harness(ownerConfiguration {
            $0.announcementDelay = .zero; $0.lowerPriorityAnnouncementCount = 2
            $0.lowerPriorityAnnouncementDelay = .seconds(3)
        })
        h.send(.startup)
        h.advance(to: .ms(1500))
        #expect(h.send(.advertisement(advert(priority: 100), source: lb2)) == [
            .report(.activeReceivedLowerPriority(source: lb2, priority: 100)), .announceVirtualAddresses(count: 2),
        ])
        h.advance(to: .ms(10_000))
        #expect(h.announcements.map(\.0) == [.ms(0), .ms(1500), .ms(4500)])
    }

    // VRRPv3 re-asserts first, then announces.
    @Test func lowerPriorityV3AdvertisesThenAnnounces() {
        var c = configuration(priority: 255, version: .v3)
        c.lowerPriorityAnnouncementCount = 1
        var h = Harness(c)
        h.send(.startup)
        #expect(h.send(.advertisement(advert(priority: 100, version: .v3), source: lb2)) == [
            .report(.activeReceivedLowerPriority(source: lb2, priority: 100)), .sendAdvertisement(priority: 255),
            .announceVirtualAddresses(count: 1),
        ])
    }

    // Default: a lower-priority advert triggers no announcement (the behaviour before these knobs).
    @Test func lowerPriorityAnnouncementsOffByDefault() {
        var h = Harness(configuration(priority: 255))
        h.send(.startup)
        #expect(h.send(.advertisement(advert(priority: 100), source: lb2)) == [.report(.activeReceivedLowerPriority(source: lb2, priority: 100))])
    }

    // A stalled loop does not send the rest of a spaced burst at once.
    @Test func stalledSpacedBurstStaysSpaced() {
        var h = Harness(ownerConfiguration { $0.announcementCount = 3; $0.announcementSpacing = .milliseconds(100); $0.announcementDelay = .zero })
        h.send(.startup)
        h.now = .ms(900)
        h.send(.timersDue)
        #expect(h.announcements.count == 2)
        #expect(h.router.nextDeadline == .ms(1000))
    }
}
