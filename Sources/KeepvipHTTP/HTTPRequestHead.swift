/// The head of an HTTP/1.x request (RFC 9112 §2-§5): the request line and the header fields, read
/// from a client that may be hostile. Only what a metrics endpoint needs is kept (method and
/// target); every field is still checked for shape, and the whole head is bounded.
public struct HTTPRequestHead: Equatable, Sendable {
    public var method: String
    /// The origin-form target, without its query (`/metrics`).
    public var path: String
    /// 0 or 1: the minor version of HTTP/1.x.
    public var minorVersion: Int

    public init(method: String, path: String, minorVersion: Int) {
        self.method = method
        self.path = path
        self.minorVersion = minorVersion
    }

    public enum ParseResult: Equatable, Sendable {
        /// Not a whole head yet: read more (if under the limit).
        case incomplete
        /// The head, and how many bytes it took (a body, if any, follows; it is never read).
        case complete(HTTPRequestHead, length: Int)
        case invalid(HTTPStatus, reason: String)
    }

    /// At most this many header fields.
    public static let maximumFields = 64

    /// Parses the head at the start of `bytes`, which must not grow beyond `limit` bytes.
    public static func parse(_ bytes: [UInt8], limit: Int) -> ParseResult {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        // RFC 9112 §2.2: a recipient may take a bare LF as the line end; CR LF is the rule.
        while index < bytes.count, index < limit {
            if bytes[index] == lf {
                var line = bytes[start..<index]
                if line.last == cr { line = line.dropLast() }
                start = index + 1
                // RFC 9112 §2.2: empty lines before the request line are ignored.
                if lines.isEmpty && line.isEmpty {
                    index += 1
                    continue
                }
                if line.isEmpty { return head(from: lines, length: start) }
                if lines.count > maximumFields { return .invalid(.headerFieldsTooLarge, reason: "more than \(maximumFields) header fields") }
                lines.append(line)
            }
            index += 1
        }
        if bytes.count >= limit {
            return lines.isEmpty
                ? .invalid(.uriTooLong, reason: "request line longer than \(limit) bytes")
                : .invalid(.headerFieldsTooLarge, reason: "request head longer than \(limit) bytes")
        }
        return .incomplete
    }

    private static func head(from lines: [ArraySlice<UInt8>], length: Int) -> ParseResult {
        guard let requestLine = lines.first else { return .invalid(.badRequest, reason: "no request line") }
        // RFC 9112 §3: method SP request-target SP HTTP-version.
        let parts = requestLine.split(separator: space, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .invalid(.badRequest, reason: "malformed request line") }
        let (method, target, version) = (parts[0], parts[1], parts[2])
        guard !method.isEmpty, method.allSatisfy(isTokenCharacter) else {
            return .invalid(.badRequest, reason: "malformed method")
        }
        guard version.count == 8, version.starts(with: Array("HTTP/1.".utf8)), let minor = version.last,
              minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1") else {
            return .invalid(.httpVersionNotSupported, reason: "not HTTP/1.0 or HTTP/1.1")
        }
        // RFC 9112 §3.2.1: origin-form only (absolute-form is for proxies).
        guard target.first == UInt8(ascii: "/"), target.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            return .invalid(.badRequest, reason: "request target is not an absolute path")
        }
        for field in lines.dropFirst() {
            // RFC 9112 §5: field-name ":" OWS field-value OWS; no obsolete line folding (§5.2).
            guard let colon = field.firstIndex(of: UInt8(ascii: ":")), colon > field.startIndex,
                  field[field.startIndex..<colon].allSatisfy(isTokenCharacter),
                  field[(colon + 1)...].allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7f) }) else {
                return .invalid(.badRequest, reason: "malformed header field")
            }
        }
        let path = target.split(separator: UInt8(ascii: "?"), maxSplits: 1, omittingEmptySubsequences: false)[0]
        return .complete(
            HTTPRequestHead(method: String(decoding: method, as: UTF8.self), path: String(decoding: path, as: UTF8.self),
                            minorVersion: Int(minor - UInt8(ascii: "0"))),
            length: length)
    }

    /// RFC 9110 §5.6.2: tchar.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")
private let space = UInt8(ascii: " ")
