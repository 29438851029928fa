import KeepvipPeer
import Testing
import VRRPCore

@Suite struct ScenarioParserTests {
    let parser = ScenarioParser()

    @Test func readsSettingsAndTimeline() throws {
        let scenario = try parser.parse("""
        # a peer
        vrid 101
        priority 150
        interval 1s
        unicast 192.0.2.11 192.0.2.12
        auth-pass secret
        vip 192.0.2.200
        no-yield

        0s   priority 150
        5s   silent      # lost adverts
        12s  priority 0
        15s  priority 90
        20s  bad-checksum 3
        20s  resume
        30s  expect master 192.0.2.11
        31s  expect master none
        32s  expect state backup
        32.5s stop
        """)
        #expect(scenario.settings.virtualRouterID == 101)
        #expect(scenario.settings.priority == 150)
        #expect(scenario.settings.intervalCentiseconds == 100)
        #expect(scenario.settings.unicastDestinations == [IPAddress("192.0.2.11")!, IPAddress("192.0.2.12")!])
        #expect(scenario.settings.password == Array("secret".utf8))
        #expect(scenario.settings.yields == false)
        #expect(scenario.steps.map(\.action) == [
            .priority(150), .silent, .priority(0), .priority(90), .badChecksum(count: 3), .resume,
            .expectActive(IPAddress("192.0.2.11")!), .expectActive(nil), .expectState(.backup), .stop,
        ])
        #expect(scenario.steps.map(\.time) == [.zero, .seconds(5), .seconds(12), .seconds(15), .seconds(20),
                                                .seconds(20), .seconds(30), .seconds(31), .seconds(32), .milliseconds(32_500)])
        #expect(scenario.steps[1].line == 11)
    }

    @Test func durationsInMilliseconds() throws {
        let scenario = try parser.parse("250ms silent\n1.25s resume\n2 stop")
        #expect(scenario.steps.map(\.time) == [.milliseconds(250), .milliseconds(1250), .seconds(2)])
    }

    @Test(arguments: [
        ("vrid 1\n5s dance", ScenarioError(line: 2, column: 4, message: "unknown step 'dance' (priority, silent, resume, bad-checksum, stop, expect)")),
        ("5s silent\n3s resume", ScenarioError(line: 2, column: 1, message: "time 3s goes backwards (the previous step is at 5s)")),
        ("0s priority 256", ScenarioError(line: 1, column: 13, message: "priority 256 is out of range 0–255")),
        ("vrid 0", ScenarioError(line: 1, column: 6, message: "VRID 0 is out of range 1–255")),
        ("  bad-checksum 3", ScenarioError(line: 1, column: 3, message: "unknown setting 'bad-checksum' (vrid, version, family, priority, interval, source, unicast, vip, auth-pass, no-yield, v3-checksum-as-v2)")),
        ("1s stop\n2s silent", ScenarioError(line: 2, column: 1, message: "step after 'stop' (line 1) would never run")),
        ("1s silent\nvrid 3", ScenarioError(line: 2, column: 1, message: "setting 'vrid' after the timeline started; put settings first")),
        ("1s silent now", ScenarioError(line: 1, column: 11, message: "unexpected 'now'")),
        ("1s priority", ScenarioError(line: 1, column: 12, message: "expected a value")),
        ("1x silent", ScenarioError(line: 1, column: 1, message: "'1x' is not a duration (write e.g. 5s, 1.5s or 250ms)")),
        ("1s expect master 192.0.2.300", ScenarioError(line: 1, column: 18, message: "'192.0.2.300' is not an address or 'none'")),
        ("auth-pass ninechars", ScenarioError(line: 1, column: 11, message: "password must be 1 to 8 bytes, 'ninechars' has 9")),
        ("interval 0.005s", ScenarioError(line: 1, column: 10, message: "advert interval '0.005s' must be 0.01s–40.95s in steps of 10ms")),
        ("1s silent\n1.0001s resume", ScenarioError(line: 2, column: 1, message: "'1.0001s' is not a duration (at most millisecond precision, e.g. 1.25s)")),
    ])
    func refusesWithLineAndColumn(text: String, error: ScenarioError) {
        #expect(throws: error) { try parser.parse(text) }
    }
}
