/// Just enough JSON for keepvip's reports (`keepvip status --json`, `keepvip peer --json`) without
/// Foundation: keys keep their order, output is one line.
public enum JSONValue {
    case string(String)
    case integer(Int64)
    case unsigned(UInt64)
    /// Written with three decimals (seconds to the millisecond).
    case seconds(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object(KeyValuePairs<String, JSONValue>)
    /// An object whose keys are only known at run time (counters by reason).
    case dictionary([(String, JSONValue)])

    public static func optional(_ text: (some CustomStringConvertible)?) -> JSONValue {
        text.map { .string($0.description) } ?? .null
    }

    /// Compact JSON, one line.
    public var rendered: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .string(let text): output += Self.quoted(text)
        case .integer(let value): output += "\(value)"
        case .unsigned(let value): output += "\(value)"
        case .seconds(let value):
            let millis = Int64((value * 1000).rounded())
            let fraction = "\(abs(millis) % 1000)"
            output += "\(millis < 0 ? "-" : "")\(abs(millis) / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let pairs): Self.writeObject(pairs.map { ($0.key, $0.value) }, to: &output)
        case .dictionary(let pairs): Self.writeObject(pairs, to: &output)
        }
    }

    private static func writeObject(_ pairs: [(String, JSONValue)], to output: inout String) {
        output += "{"
        for (index, (key, value)) in pairs.enumerated() {
            if index > 0 { output += "," }
            output += quoted(key)
            output += ":"
            value.write(to: &output)
        }
        output += "}"
    }

    /// `text` as a JSON string. RFC 8259 §7: quote, backslash and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
