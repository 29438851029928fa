import Glibc

/// An IP address found in a configuration, in network byte order.
public struct LabAddress: Sendable, Hashable, CustomStringConvertible {
    public var bytes: [UInt8]
    public var text: String
    public var isIPv6: Bool { bytes.count == 16 }
    public var description: String { text }

    /// Parses "a.b.c.d" or an IPv6 literal (no prefix length). nil if it is not one.
    public init?(_ text: String) {
        self.text = text
        if text.contains(":") {
            var a = in6_addr()
            guard inet_pton(AF_INET6, text, &a) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &a) { Array($0) }
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var out: [UInt8] = []
            for p in parts {
                guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isNumber), let v = Int(p), v <= 255 else { return nil }
                out.append(UInt8(v))
            }
            bytes = out
        }
    }

    /// 192.0.2.0/24 (TEST-NET-1), 198.51.100.0/24 (TEST-NET-2), 2001:db8::/32 (RFC 3849).
    public var isDocumentation: Bool {
        if isIPv6 { return bytes[0..<4] == [0x20, 0x01, 0x0d, 0xb8] }
        return bytes[0..<3] == [192, 0, 2] || bytes[0..<3] == [198, 51, 100]
    }

    /// Does this token look like it was meant to be an address (so that a bad one is reported)?
    static func looksLikeAddress(_ token: Substring) -> Bool {
        let dots = token.filter { $0 == "." }.count
        if dots == 3 && token.allSatisfy({ $0.isNumber || $0 == "." }) { return true }
        let colons = token.filter { $0 == ":" }.count
        return colons >= 2 && token.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
