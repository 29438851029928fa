import VRRPCore

/// The values shared by scenario files and flags: durations, numbers in a range, addresses.
public enum ValueSyntax {
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        init(_ message: String) { self.message = message }
    }

    /// `5s`, `1.5s`, `250ms`, or a bare number of seconds; at most millisecond precision.
    public static func duration(_ text: Substring) throws(Invalid) -> Duration {
        var digits = text
        var millisecondsPerUnit: Int64 = 1000
        if digits.hasSuffix("ms") {
            digits = digits.dropLast(2)
            millisecondsPerUnit = 1
        } else if digits.hasSuffix("s") {
            digits = digits.dropLast()
        }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, parts[0].allSatisfy(\.isASCII) else {
            throw Invalid("'\(text)' is not a duration (write e.g. 5s, 1.5s or 250ms)")
        }
        var milliseconds = whole * millisecondsPerUnit
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 3, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                  millisecondsPerUnit == 1000, let value = Int64(fraction)
            else { throw Invalid("'\(text)' is not a duration (at most millisecond precision, e.g. 1.25s)") }
            var scaled = value
            for _ in fraction.count..<3 { scaled *= 10 }
            milliseconds += scaled
        }
        guard milliseconds <= 86_400_000 else { throw Invalid("'\(text)' is longer than a day") }
        return .milliseconds(milliseconds)
    }

    /// An unsigned number within `range`, named `what` in the error.
    public static func number(_ text: Substring, in range: ClosedRange<Int>, what: String) throws(Invalid) -> Int {
        guard let value = Int(text), text.allSatisfy({ $0.isASCII }) else {
            throw Invalid("\(what) '\(text)' is not a number")
        }
        guard range.contains(value) else {
            throw Invalid("\(what) \(value) is out of range \(range.lowerBound)–\(range.upperBound)")
        }
        return value
    }

    public static func address(_ text: Substring) throws(Invalid) -> IPAddress {
        guard let address = IPAddress(text) else { throw Invalid("'\(text)' is not an IPv4 or IPv6 address") }
        return address
    }

    public static func version(_ text: Substring) throws(Invalid) -> VRRPVersion {
        let number = try number(text, in: 2...3, what: "VRRP version")
        return number == 2 ? .v2 : .v3
    }

    public static func family(_ text: Substring) throws(Invalid) -> AddressFamily {
        switch text.lowercased() {
        case "4", "ipv4", "inet": return .ipv4
        case "6", "ipv6", "inet6": return .ipv6
        default: throw Invalid("family '\(text)' is not ipv4 or ipv6")
        }
    }

    /// A VRRPv2 simple-text password: 1–8 bytes.
    public static func password(_ text: Substring) throws(Invalid) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard (1...8).contains(bytes.count) else {
            throw Invalid("password must be 1 to 8 bytes, '\(text)' has \(bytes.count)")
        }
        return bytes
    }

    /// The advertisement interval in centiseconds: whole seconds 1–255 for VRRPv2 (checked once the
    /// version is known), 10 ms steps up to 40.95 s for VRRPv3.
    public static func interval(_ text: Substring) throws(Invalid) -> UInt16 {
        let value = try duration(text)
        let milliseconds = value.nanoseconds / 1_000_000
        guard milliseconds % 10 == 0, (10...40_950).contains(milliseconds) else {
            throw Invalid("advert interval '\(text)' must be 0.01s–40.95s in steps of 10ms")
        }
        return UInt16(milliseconds / 10)
    }
}
