@testable import KeepvipDaemon
import Testing

@Suite struct StatusRenderingTests {
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
