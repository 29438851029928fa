import KeepvipHTTP
import Testing

@Suite struct HTTPRequestHeadTests {
    func parse(_ text: String, limit: Int = 8192) -> HTTPRequestHead.ParseResult {
        HTTPRequestHead.parse(Array(text.utf8), limit: limit)
    }

    @Test func readsWhatPrometheusSends() {
        let request = "GET /metrics HTTP/1.1\r\nHost: 192.0.2.11:9650\r\nUser-Agent: Prometheus/2.42.0\r\nAccept: text/plain;version=0.0.4;q=1,*/*;q=0.1\r\nAccept-Encoding: gzip\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n"
        #expect(parse(request) == .complete(HTTPRequestHead(method: "GET", path: "/metrics", minorVersion: 1), length: request.utf8.count))
    }

    @Test func dropsTheQueryAndAcceptsBareLineFeeds() {
        #expect(parse("\r\nGET /metrics?x=1 HTTP/1.0\nHost: a\n\n") == .complete(HTTPRequestHead(method: "GET", path: "/metrics", minorVersion: 0), length: 37))
    }

    @Test(arguments: ["", "GET", "GET /metrics HTTP/1.1\r\n", "GET /metrics HTTP/1.1\r\nHost: a\r\n"])
    func waitsForTheWholeHead(text: String) {
        #expect(parse(text) == .incomplete)
    }

    @Test(arguments: [
        ("GET /metrics\r\n\r\n", HTTPStatus.badRequest),
        ("GET  /metrics HTTP/1.1\r\n\r\n", .badRequest),
        ("G(T /metrics HTTP/1.1\r\n\r\n", .badRequest),
        ("GET http://x/metrics HTTP/1.1\r\n\r\n", .badRequest),
        ("GET /metrics HTTP/2.0\r\n\r\n", .httpVersionNotSupported),
        ("GET /metrics HTTP/1.1\r\nNoColon\r\n\r\n", .badRequest),
        ("GET /metrics HTTP/1.1\r\n: empty name\r\n\r\n", .badRequest),
        ("GET /metrics HTTP/1.1\r\nHost: a\u{1}b\r\n\r\n", .badRequest),
        ("GET /metrics HTTP/1.1\r\n folded: line\r\n\r\n", .badRequest),
        ("GET /m\u{7f} HTTP/1.1\r\n\r\n", .badRequest),
    ])
    func refusesMalformedHeads(text: String, status: HTTPStatus) {
        guard case .invalid(let got, _) = parse(text) else {
            Issue.record("accepted \(text.debugDescription)")
            return
        }
        #expect(got == status)
    }

    @Test func boundsTheHead() {
        guard case .invalid(.uriTooLong, _) = parse("GET /" + String(repeating: "a", count: 100), limit: 64) else {
            Issue.record("a long request line was not refused")
            return
        }
        let fields = (0..<100).map { "X-\($0): y\r\n" }.joined()
        guard case .invalid(.headerFieldsTooLarge, _) = parse("GET / HTTP/1.1\r\n" + fields + "\r\n") else {
            Issue.record("100 header fields were not refused")
            return
        }
        guard case .invalid(.headerFieldsTooLarge, _) = parse("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100), limit: 64) else {
            Issue.record("a long head was not refused")
            return
        }
    }

    @Test func responsesCloseTheConnection() {
        let response = HTTPResponse.error(.methodNotAllowed, "only GET", fields: [("Allow", "GET")])
        let text = String(decoding: response.encoded(), as: UTF8.self)
        #expect(text == "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 33\r\nConnection: close\r\nAllow: GET\r\n\r\n405 Method Not Allowed: only GET\n")
        #expect(String(decoding: response.encoded(includingBody: false), as: UTF8.self).hasSuffix("Allow: GET\r\n\r\n"))
    }
}
