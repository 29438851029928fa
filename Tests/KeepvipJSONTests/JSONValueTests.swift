import KeepvipJSON
import Testing

@Suite struct JSONValueTests {
    @Test func escapesWhatRFC8259Requires() {
        let value = JSONValue.object(["name": .string("a\"b\\c\n\u{1}é"), "n": .unsigned(7), "t": .seconds(1.5), "x": .null])
        #expect(value.rendered == #"{"name":"a\"b\\c\n\u0001é","n":7,"t":1.500,"x":null}"#)
        #expect(JSONValue.seconds(0.0004).rendered == "0.000" && JSONValue.seconds(12.0456).rendered == "12.046")
    }

    @Test func keysKeepTheirOrder() {
        #expect(JSONValue.dictionary([("b", .integer(1)), ("a", .bool(false))]).rendered == #"{"b":1,"a":false}"#)
        #expect(JSONValue.array([.optional(nil as String?), .optional("x")]).rendered == #"[null,"x"]"#)
    }
}
