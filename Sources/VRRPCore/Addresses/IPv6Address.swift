/// An IPv6 address: 16 bytes in network order, held as two integers so that making, comparing and
/// hashing one allocates nothing (the receive path makes two per packet).
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bytes 0–7 and 8–15, the first byte most significant.
    @usableFromInline var high: UInt64
    @usableFromInline var low: UInt64

    /// Inlinable, as the other byte-level initialisers here: the sockets call them for every packet,
    /// and only a specialised copy in the caller's module avoids generic dispatch.
    @inlinable
    public init<Bytes: Collection<UInt8>>(networkBytes: Bytes) {
        precondition(networkBytes.count == 16, "an IPv6 address is 16 bytes")
        var high: UInt64 = 0, low: UInt64 = 0
        for (index, byte) in networkBytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.high = high
        self.low = low
    }

    /// The 16 bytes in network order.
    public var bytes: [UInt8] {
        withNetworkBytes { Array($0) }
    }

    /// Calls `body` with the 16 bytes in network order, without building an array.
    public func withNetworkBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var words = (high.bigEndian, low.bigEndian)
        return try withUnsafeBytes(of: &words, body)
    }

    /// Parses RFC 4291 §2.2 text: hex groups, one `::`, and an optional dotted-quad tail.
    public init?<S: StringProtocol>(_ text: S) {
        let string = String(text)
        guard !string.isEmpty, string.utf8.count <= 45 else { return nil }
        let halves = string.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring, allowV4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if allowV4Tail, index == fields.count - 1, field.contains(".") {
                    guard let v4 = IPv4Address(field) else { return nil }
                    result.append(UInt16(v4.value >> 16))
                    result.append(UInt16(v4.value & 0xFFFF))
                } else {
                    guard (1...4).contains(field.utf8.count), let group = UInt16(field, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        var all: [UInt16]
        if halves.count == 1 {
            guard let only = groups(halves[0], allowV4Tail: true), only.count == 8 else { return nil }
            all = only
        } else {
            guard let head = groups(halves[0], allowV4Tail: false),
                  let tail = groups(halves[1], allowV4Tail: true),
                  head.count + tail.count < 8 else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        self.init(networkBytes: all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    /// RFC 5952 text: lower case, zeros suppressed, the longest run of two or more zero groups as `::`.
    public var description: String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: ($0 < 4 ? high : low) >> (16 * (3 - UInt64($0 % 4)))) }
        var bestStart = -1, bestLength = 0, runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength { bestStart = runStart; bestLength = index - runStart }
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        var text = ""
        var index = 0
        while index < 8 {
            if index == bestStart {
                text += index == 0 ? "::" : ":"
                index += bestLength
                continue
            }
            text += String(groups[index], radix: 16)
            if index < 7 { text += ":" }
            index += 1
        }
        return text
    }

    /// fe80::/10 (RFC 4291 §2.5.6).
    public var isLinkLocal: Bool { high >> 54 == 0x3FA }

    public var isMulticast: Bool { high >> 56 == 0xFF }

    /// Unspecified (::) or loopback (::1).
    public var isUnspecifiedOrLoopback: Bool { high == 0 && low <= 1 }

    /// Network order, byte by byte.
    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// The VRRP IPv6 multicast group (RFC 9568 §5.1.2.2).
    public static let vrrpMulticastGroup = IPv6Address("ff02::12")!
}
