import Testing
import VRRPCore

private func health(_ base: UInt8 = 100, _ trackers: TrackerStatus...) -> RouterHealth {
    RouterHealth(basePriority: base, trackers: trackers)
}

@Suite struct RouterHealthTrackingTests {
    @Test func noTrackersKeepsBasePriority() {
        #expect(health() == RouterHealth(effectivePriority: 100))
    }

    // vrrp_script weight 0: a bad script means FAULT; reverse swaps which status faults.
    @Test func unweightedScriptFaults() {
        #expect(health(100, .script(.bad, weight: .none)).isFaulted)
        #expect(!health(100, .script(.good, weight: .none)).isFaulted)
        #expect(health(100, .script(.good, weight: TrackingWeight(0, reversed: true))).isFaulted)
        #expect(!health(100, .script(.bad, weight: TrackingWeight(0, reversed: true))).isFaulted)
    }

    // Positive weight: added while the script succeeds; negative: added while it fails.
    @Test func weightedScriptMovesPriority() {
        #expect(health(100, .script(.good, weight: TrackingWeight(20))).effectivePriority == 120)
        #expect(health(100, .script(.bad, weight: TrackingWeight(20))).effectivePriority == 100)
        #expect(health(100, .script(.bad, weight: TrackingWeight(-30))).effectivePriority == 70)
        #expect(health(100, .script(.good, weight: TrackingWeight(-30))).effectivePriority == 100)
    }

    // reverse negates the adjustment; the status it applies in stays.
    @Test func reverseNegatesWeight() {
        #expect(health(100, .script(.good, weight: TrackingWeight(20, reversed: true))).effectivePriority == 80)
        #expect(health(100, .script(.bad, weight: TrackingWeight(-30, reversed: true))).effectivePriority == 130)
        #expect(health(100, .script(.bad, weight: TrackingWeight(20, reversed: true))).effectivePriority == 100)
    }

    // No result yet: no weight applied, no fault, but a weight-0 script holds the router in INIT.
    @Test func pendingScriptAppliesNothing() {
        let weighted = TrackerStatus.script(.pending, weight: TrackingWeight(-50))
        let unweighted = TrackerStatus.script(.pending, weight: .none)
        #expect(health(100, weighted) == RouterHealth(effectivePriority: 100))
        #expect(health(100, unweighted) == RouterHealth(effectivePriority: 100))
        #expect(unweighted.isAwaitingFirstResult)
        #expect(!weighted.isAwaitingFirstResult)
        #expect(!TrackerStatus.script(.bad, weight: .none).isAwaitingFirstResult)
    }

    // track_interface without weight: down means FAULT.
    @Test func unweightedInterfaceFaultsWhenDown() {
        #expect(health(100, .interface(isUp: false, weight: .none)).isFaulted)
        #expect(!health(100, .interface(isUp: true, weight: .none)).isFaulted)
    }

    // keepalived.conf(5): positive interface weights apply while up, negative ones while down.
    @Test func weightedInterface() {
        #expect(health(100, .interface(isUp: true, weight: TrackingWeight(10))).effectivePriority == 110)
        #expect(health(100, .interface(isUp: false, weight: TrackingWeight(10))).effectivePriority == 100)
        #expect(health(100, .interface(isUp: false, weight: TrackingWeight(-10))).effectivePriority == 90)
        #expect(health(100, .interface(isUp: true, weight: TrackingWeight(-10))).effectivePriority == 100)
        #expect(health(100, .interface(isUp: false, weight: TrackingWeight(-10, reversed: true))).effectivePriority == 110)
    }

    // track_file: value × weight; weight 0: non-zero means FAULT; below -253 means FAULT; missing reads 0.
    @Test func trackFileArithmetic() {
        #expect(health(100, .file(value: 3, weight: TrackingWeight(5))).effectivePriority == 115)
        #expect(health(100, .file(value: -3, weight: TrackingWeight(5))).effectivePriority == 85)
        #expect(health(100, .file(value: 2, weight: TrackingWeight(5, reversed: true))).effectivePriority == 90)
        #expect(health(100, .file(value: 7, weight: .none)).isFaulted)
        #expect(!health(100, .file(value: 0, weight: .none)).isFaulted)
        #expect(!health(100, .file(value: nil, weight: .none)).isFaulted)
        #expect(health(100, .file(value: nil, weight: TrackingWeight(5))).effectivePriority == 100)
        #expect(health(100, .file(value: -254, weight: TrackingWeight(1))).isFaulted)
        #expect(!health(100, .file(value: -253, weight: TrackingWeight(1))).isFaulted)
        #expect(health(100, .file(value: -2, weight: TrackingWeight(200))).isFaulted)
    }

    // An instance's weight replaces the script's; reverse only when the instance says so.
    @Test func instanceOverridesScriptWeight() {
        let script = TrackingWeight(-10, reversed: true)
        #expect(script.overridden(by: 20) == TrackingWeight(20, reversed: true))
        #expect(script.overridden(by: 20, reversed: false) == TrackingWeight(20))
        #expect(script.overridden(by: nil) == script)
    }

    // The result stays within 1…254; the owner's 255 stays 255.
    @Test func clampedToNonOwnerRange() {
        #expect(health(200, .script(.good, weight: TrackingWeight(100))).effectivePriority == 254)
        #expect(health(10, .script(.bad, weight: TrackingWeight(-100))).effectivePriority == 1)
        #expect(health(255, .script(.bad, weight: TrackingWeight(-100))).effectivePriority == 255)
        #expect(health(100, .file(value: 254, weight: TrackingWeight(254))).effectivePriority == 254)
    }

    // Adjustments add up; one fault is enough.
    @Test func trackersCombine() {
        let result = health(
            100, .script(.good, weight: TrackingWeight(5)), .interface(isUp: false, weight: TrackingWeight(-20)),
            .file(value: 1, weight: TrackingWeight(3))
        )
        #expect(result == RouterHealth(effectivePriority: 88))
        #expect(health(100, .script(.good, weight: TrackingWeight(5)), .interface(isUp: false, weight: .none)).isFaulted)
    }
}
