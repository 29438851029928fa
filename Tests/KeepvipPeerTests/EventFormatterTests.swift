import KeepvipPeer
import Testing
import VRRPCore

@Suite struct EventFormatterTests {
    static let advert = Advertisement(version: .v2, virtualRouterID: 101, priority: 150, intervalCentiseconds: 100,
                                      addresses: [IPAddress("192.0.2.200")!])

    @Test func textLines() {
        let text = EventFormatter(style: .text)
        let sent = TimedEvent(time: .milliseconds(12_003), event: .sent(
            Self.advert, source: IPAddress("192.0.2.13")!, destination: IPAddress("192.0.2.11")!, corruptedChecksum: false))
        #expect(text.format(sent) == "12.003 sent  vrid 101 v2 prio 150 int 1s 192.0.2.13 -> 192.0.2.11 addrs 192.0.2.200")
        let state = TimedEvent(time: .milliseconds(950), event: .stateChanged(from: .backup, to: .active, reason: "timeout"))
        #expect(text.format(state) == "0.950 state BACKUP -> MASTER (timeout)")
        let expectation = TimedEvent(time: .seconds(30), event: .expectation(
            .expectActive(IPAddress("192.0.2.11")!), actual: "master is 192.0.2.13", passed: false))
        #expect(text.format(expectation) == "30.000 expect master 192.0.2.11: FAILED (master is 192.0.2.13)")
    }

    @Test func receivedLineWithVerdict() {
        let packet = ReceivedPacket(source: IPAddress("192.0.2.11")!, destination: IPAddress("192.0.2.13")!,
                                    hopLimit: 255, payload: Self.advert.encoded())
        let inspection = PacketInspector(expectations: ListenExpectations()).inspect(packet)
        let line = EventFormatter(style: .text).format(TimedEvent(time: .milliseconds(1500), event: .received(inspection)))
        #expect(line == "1.500 recv  vrid 101 v2 prio 150 int 1s 192.0.2.11 -> 192.0.2.13 ttl 255 addrs 192.0.2.200 verdict valid")
        let json = EventFormatter(style: .json).format(TimedEvent(time: .milliseconds(1500), event: .received(inspection)))
        #expect(json == #"{"time":1.500,"event":"recv","source":"192.0.2.11","destination":"192.0.2.13","ttl":255,"length":20,"vrid":101,"version":2,"priority":150,"interval":1.00,"addresses":["192.0.2.200"],"verdict":"valid"}"#)
    }

    @Test func jsonEscapesText() {
        let json = EventFormatter(style: .json).format(TimedEvent(time: .zero, event: .note("a \"quoted\"\tnote")))
        #expect(json == #"{"time":0.000,"event":"note","text":"a \"quoted\"\tnote"}"#)
    }
}

@Suite struct NamedRouterOutputTests {
    @Test func linesNameTheirRouter() {
        let event = TimedEvent(time: .milliseconds(950), event: .stateChanged(from: .backup, to: .active, reason: "timeout"), router: "a")
        #expect(EventFormatter(style: .text).format(event) == "0.950 [a] state BACKUP -> MASTER (timeout)")
        #expect(EventFormatter(style: .json).format(event)
            == #"{"time":0.950,"router":"a","event":"state","from":"BACKUP","to":"MASTER","reason":"timeout"}"#)
    }
}
