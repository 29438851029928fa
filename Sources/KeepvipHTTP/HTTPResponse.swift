/// The statuses the endpoint answers with (RFC 9110 §15).
public enum HTTPStatus: Int, Sendable {
    case ok = 200
    case badRequest = 400
    case notFound = 404
    case methodNotAllowed = 405
    case uriTooLong = 414
    case headerFieldsTooLarge = 431
    case serviceUnavailable = 503
    case httpVersionNotSupported = 505

    public var reasonPhrase: String {
        switch self {
        case .ok: "OK"
        case .badRequest: "Bad Request"
        case .notFound: "Not Found"
        case .methodNotAllowed: "Method Not Allowed"
        case .uriTooLong: "URI Too Long"
        case .headerFieldsTooLarge: "Request Header Fields Too Large"
        case .serviceUnavailable: "Service Unavailable"
        case .httpVersionNotSupported: "HTTP Version Not Supported"
        }
    }
}

/// A whole HTTP/1.1 response, closed after it is sent (`Connection: close`: one request per
/// connection keeps the server's state to one buffer per client).
public struct HTTPResponse: Equatable, Sendable {
    public var status: HTTPStatus
    public var contentType: String
    public var body: String
    /// Extra header fields, e.g. `Allow: GET` with 405 (RFC 9110 §15.5.6).
    public var fields: [(String, String)]

    public init(status: HTTPStatus, contentType: String = "text/plain; charset=utf-8", body: String, fields: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.fields = fields
    }

    /// A short plain-text answer for an error status: its reason phrase and `detail`.
    public static func error(_ status: HTTPStatus, _ detail: String = "", fields: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, body: "\(status.rawValue) \(status.reasonPhrase)\(detail.isEmpty ? "" : ": \(detail)")\n", fields: fields)
    }

    /// The bytes on the wire; `includingBody: false` for HEAD (RFC 9110 §9.3.2).
    public func encoded(includingBody: Bool = true) -> [UInt8] {
        let body = Array(body.utf8)
        var head = "HTTP/1.1 \(status.rawValue) \(status.reasonPhrase)\r\n"
        head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in fields { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (includingBody ? body : [])
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.status == b.status && a.contentType == b.contentType && a.body == b.body
            && a.fields.map { "\($0.0): \($0.1)" } == b.fields.map { "\($0.0): \($0.1)" }
    }
}
