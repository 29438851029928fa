/// An IPv4 address, stored as its 32-bit value (most significant byte first on the wire).
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a number: `192.0.2.1` is `0xC000_0201`.
    public var value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Reads four bytes in network order.
    @inlinable
    public init<Bytes: Collection<UInt8>>(networkBytes bytes: Bytes) {
        precondition(bytes.count == 4, "an IPv4 address is 4 bytes")
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Parses dotted-quad text (`192.0.2.1`); no shorthand forms, no leading zeros beyond one digit's worth.
    public init?<S: StringProtocol>(_ text: S) {
        var result: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 3 || current > 255 { return nil }
            case UInt8(ascii: "."):
                if digits == 0 || octets == 3 { return nil }
                result = result << 8 | current
                octets += 1
                current = 0
                digits = 0
            default:
                return nil
            }
        }
        if digits == 0 || octets != 3 { return nil }
        value = result << 8 | current
    }

    /// The four bytes in network order.
    public var networkBytes: [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    public var description: String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }

    /// 224.0.0.0/4.
    public var isMulticast: Bool { value >> 28 == 0xE }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.value < rhs.value
    }

    /// The VRRP IPv4 multicast group (RFC 9568 §5.1.1.2, RFC 3768 §5.2.2).
    public static let vrrpMulticastGroup = IPv4Address(224, 0, 0, 18)
}
