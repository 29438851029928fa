import KeepvipJSON

/// A JSON object written field by field, in order, on one line. Enough for flat event records.
struct JSONObject {
    private var fields: [String] = []

    mutating func add(_ key: String, _ value: String) {
        fields.append("\(Self.quoted(key)):\(Self.quoted(value))")
    }

    mutating func add(_ key: String, _ value: Int) {
        fields.append("\(Self.quoted(key)):\(value)")
    }

    mutating func add(_ key: String, _ value: Bool) {
        fields.append("\(Self.quoted(key)):\(value)")
    }

    /// A number already formatted (e.g. seconds with three decimals).
    mutating func add(_ key: String, number: String) {
        fields.append("\(Self.quoted(key)):\(number)")
    }

    mutating func add(_ key: String, _ values: [String]) {
        fields.append("\(Self.quoted(key)):[\(values.map(Self.quoted).joined(separator: ","))]")
    }

    var text: String { "{\(fields.joined(separator: ","))}" }

    static func quoted(_ string: String) -> String { JSONValue.quoted(string) }
}
