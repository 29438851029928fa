@testable import KeepvipDaemon
import Testing

@Suite struct StatusRenderingTests {
    @Test func jsonEscapesWhatRFC8259Requires() {
        let value = JSONValue.object(["name": .string("a\"b\\c\n\u{1}é"), "n": .unsigned(7), "t": .seconds(1.5), "x": .null])
        #expect(value.rendered == #"{"name":"a\"b\\c\n\u0001é","n":7,"t":1.500,"x":null}"#)
        #expect(JSONValue.seconds(0.0004).rendered == "0.000" && JSONValue.seconds(12.0456).rendered == "12.046")
    }

    @Test func durationsReadAtAGlance() {
        #expect(StatusText.duration(4.9) == "4s")
        #expect(StatusText.duration(312) == "5m12s")
        #expect(StatusText.duration(3 * 3600 + 5 * 60) == "3h05m")
        #expect(StatusText.duration(2 * 86400 + 4 * 3600) == "2d04h")
    }

    @Test func columnsAreAligned() {
        #expect(StatusText.aligned([["A", "BB", "C"], ["AAA", "B", "CCCC"]]) == ["A    BB  C", "AAA  B   CCCC"])
    }

    @Test func utcTimestampsAreRFC3339() {
        #expect(StatusJSON.utcTimestamp(1_800_000_000) == "2027-01-15T08:00:00Z")
    }
}
