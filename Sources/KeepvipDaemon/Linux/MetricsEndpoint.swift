import KeepvipHTTP
import KeepvipLinux

/// `--metrics-listen ADDR:PORT`: HTTP GET `/metrics` in Prometheus's text format, served by a
/// `RequestServer` on the event loop. Only `GET` (and `HEAD`) of `/metrics` and `/` are answered;
/// anything else gets 404 or 405, a malformed or oversized head 400 / 414 / 431 / 505, a client past
/// the limit 503 — and never more than the one response before the connection closes.
final class MetricsEndpoint: RequestServer.Handler {
    private let core: DaemonCore
    private let configurationFile: String
    private let unixNow: () -> Double

    init(core: DaemonCore, configurationFile: String, unixNow: @escaping () -> Double) {
        self.core = core
        self.configurationFile = configurationFile
        self.unixNow = unixNow
    }

    func frame(_ bytes: [UInt8], limit: Int) -> RequestServer.Framing {
        switch HTTPRequestHead.parse(bytes, limit: limit) {
        case .incomplete:
            return .incomplete
        case .complete(let head, _):
            return .complete("\(head.method) \(head.path)")
        case .invalid(let status, let reason):
            return .refused(HTTPResponse.error(status, reason).encoded())
        }
    }

    func respond(to request: String, reply: @escaping ([UInt8]) -> Void) {
        let words = request.split(separator: " ", maxSplits: 1).map(String.init)
        let (method, path) = (words[0], words.count > 1 ? words[1] : "")
        let response: HTTPResponse
        switch (method, path) {
        case ("GET", "/metrics"), ("HEAD", "/metrics"):
            let status = core.status(unixNow: unixNow(), configurationFile: configurationFile)
            response = HTTPResponse(status: .ok, contentType: PrometheusExposition.contentType, body: PrometheusExposition.render(status))
        case ("GET", "/"), ("HEAD", "/"):
            response = HTTPResponse(status: .ok, contentType: "text/html; charset=utf-8",
                                    body: "<html><head><title>keepvipd</title></head><body><a href=\"/metrics\">Metrics</a></body></html>\n")
        case (_, "/metrics"), (_, "/"):
            response = .error(.methodNotAllowed, "only GET", fields: [("Allow", "GET, HEAD")])
        default:
            response = .error(.notFound, "only /metrics is served")
        }
        reply(response.encoded(includingBody: method != "HEAD"))
    }

    var busyResponse: [UInt8] { HTTPResponse.error(.serviceUnavailable, "too many connections").encoded() }
}
