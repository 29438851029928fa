import KeepvipPeer
import Testing
import VRRPCore

/// Scenario files with several simulated routers: `router NAME` sections and steps by name.
@Suite struct RouterSectionTests {
    let parser = ScenarioParser()

    static let twoRouters = """
    vrid 101
    unicast 192.0.2.11
    priority 100
    router a            # the first simulated router
    source 192.0.2.21
    priority 150
    router b-2
    source 192.0.2.22
    unicast 192.0.2.12

    0s   a priority 200
    5s   b-2 silent
    6s   expect master 192.0.2.21
    7s   a stop
    8s   b-2 resume
    """

    @Test func readsSectionsAndNamedSteps() throws {
        let scenario = try parser.parse(Self.twoRouters)
        #expect(scenario.routers.map(\.name) == ["a", "b-2"])
        #expect(scenario.routers.map(\.line) == [4, 7])
        #expect(scenario.settings.virtualRouterID == 101)
        #expect(scenario.routers[0].settings.virtualRouterID == nil)
        #expect(scenario.routers[0].settings.priority == 150)
        #expect(scenario.steps.map(\.router) == ["a", "b-2", nil, "a", "b-2"])
        #expect(scenario.steps.map(\.action) == [.priority(200), .silent, .expectActive(IPAddress("192.0.2.21")!), .stop, .resume])
    }

    @Test func sectionSettingsOverrideSharedOnesAndFlagsOverrideBoth() throws {
        var flags = PeerSettings()
        flags.intervalCentiseconds = 200
        let routers = try parser.parse(Self.twoRouters).resolvedRouters(overriddenBy: flags)
        #expect(routers.map(\.name) == ["a", "b-2"])
        #expect(routers.map(\.settings.virtualRouterID) == [101, 101])
        #expect(routers.map(\.settings.priority) == [150, 100])
        #expect(routers.map(\.settings.source) == [IPAddress("192.0.2.21")!, IPAddress("192.0.2.22")!])
        #expect(routers.map(\.settings.unicastDestinations) == [[IPAddress("192.0.2.11")!], [IPAddress("192.0.2.12")!]])
        #expect(routers.map(\.settings.intervalCentiseconds) == [200, 200])
    }

    @Test func aFileWithoutSectionsIsOneUnnamedRouter() throws {
        let routers = try parser.parse("vrid 7\n1s silent").resolvedRouters(overriddenBy: PeerSettings())
        #expect(routers.map(\.name) == [nil])
        #expect(routers[0].settings.virtualRouterID == 7)
    }

    @Test func stepsGoToTheirRouterOrToEvery() throws {
        let steps = try parser.parse(Self.twoRouters).steps
        #expect(steps.filter { $0.applies(to: "a") }.map(\.action) == [.priority(200), .expectActive(IPAddress("192.0.2.21")!), .stop])
        #expect(steps.filter { $0.applies(to: "b-2") }.map(\.action) == [.silent, .expectActive(IPAddress("192.0.2.21")!), .resume])
    }

    @Test func flagStepsMayNameTheFilesRouters() throws {
        let steps = try parser.parseSteps("3s a silent\n4s expect state backup", routerNames: ["a", "b"])
        #expect(steps.map(\.router) == ["a", nil])
        #expect(throws: ScenarioError(line: 1, column: 1, message: "'vrid' is not a timed step (write e.g. '5s silent')")) {
            try parser.parseSteps("vrid 3", routerNames: [])
        }
    }

    @Test(arguments: [
        ("router a\nrouter a", ScenarioError(line: 2, column: 8, message: "router 'a' is already defined on line 1")),
        ("router silent", ScenarioError(line: 1, column: 8, message: "router name 'silent' is a keyword; choose another")),
        ("router 2nd", ScenarioError(line: 1, column: 8, message: "router name '2nd' must be a letter followed by letters, digits, '-' or '_'")),
        ("router", ScenarioError(line: 1, column: 7, message: "expected a router name")),
        ("router a b", ScenarioError(line: 1, column: 10, message: "unexpected 'b'")),
        ("router a\n1s silent\nrouter b", ScenarioError(line: 3, column: 1, message: "router section after the timeline started; put settings first")),
        ("router a\n1s c silent", ScenarioError(line: 2, column: 4, message: "unknown step 'c' (priority, silent, resume, bad-checksum, stop, expect; or a router: a)")),
        ("router a\nrouter b\n1s a stop\n2s a silent", ScenarioError(line: 4, column: 1, message: "step after 'stop' (line 3) would never run")),
        ("router a\n  bogus 1", ScenarioError(line: 2, column: 3, message: "unknown setting 'bogus' (vrid, version, family, priority, interval, source, unicast, vip, auth-pass, no-yield, v3-checksum-as-v2)")),
    ])
    func refusesWithLineAndColumn(text: String, error: ScenarioError) {
        #expect(throws: error) { try parser.parse(text) }
    }

    @Test func anotherRoutersStopLeavesTheRestRunning() throws {
        let scenario = try parser.parse("router a\nrouter b\n1s a stop\n2s b silent\n3s silent")
        #expect(scenario.steps.count == 3)
    }
}
