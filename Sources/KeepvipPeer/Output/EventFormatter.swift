import VRRPCore

/// Turns events into output lines: aligned text for people, or one JSON object per line (`--json`).
public struct EventFormatter: Sendable {
    public enum Style: Sendable {
        case text
        case json
    }

    public let style: Style

    public init(style: Style) {
        self.style = style
    }

    public func format(_ timed: TimedEvent) -> String {
        switch style {
        case .text: text(timed)
        case .json: json(timed)
        }
    }

    // MARK: Text

    private func text(_ timed: TimedEvent) -> String {
        let time = Self.seconds(timed.time) + (timed.router.map { " [\($0)]" } ?? "")
        switch timed.event {
        case .sent(let advert, let source, let destination, let corrupted):
            return "\(time) sent  \(Self.summary(advert)) \(source) -> \(destination) addrs \(Self.list(advert.addresses))"
                + (corrupted ? " checksum BAD (bad-checksum step)" : "")
        case .received(let inspection):
            return "\(time) recv  \(Self.receivedSummary(inspection)) verdict \(Self.verdict(inspection.verdict))"
        case .stateChanged(let from, let to, let reason):
            return "\(time) state \(from) -> \(to) (\(reason))"
        case .stepApplied(let action):
            return "\(time) step  \(action)"
        case .expectation(let action, let actual, let passed):
            return "\(time) \(action): " + (passed ? "ok" : "FAILED (\(actual))")
        case .note(let text):
            return "\(time) note  \(text)"
        }
    }

    private static func summary(_ advert: Advertisement) -> String {
        "vrid \(advert.virtualRouterID) v\(advert.version.rawValue) prio \(advert.priority) int \(interval(advert.intervalCentiseconds))"
    }

    private static func receivedSummary(_ inspection: Inspection) -> String {
        let packet = inspection.packet
        let route = "\(packet.source) -> \(packet.destination) ttl \(packet.hopLimit)"
        guard let header = inspection.header else { return "\(packet.payload.count) bytes \(route)" }
        return "vrid \(header.virtualRouterID) v\(header.version) prio \(header.priority) int \(interval(header.intervalCentiseconds)) "
            + "\(route) addrs \(list(header.addresses))"
    }

    private static func verdict(_ verdict: Inspection.Verdict) -> String {
        switch verdict {
        case .valid: "valid"
        case .dropped(let reason, let detail): "drop \(reason): \(detail)"
        }
    }

    private static func list(_ addresses: [IPAddress]) -> String {
        addresses.isEmpty ? "-" : addresses.map(\.description).joined(separator: ",")
    }

    // MARK: JSON

    private func json(_ timed: TimedEvent) -> String {
        var object = JSONObject()
        object.add("time", number: Self.seconds(timed.time))
        if let router = timed.router { object.add("router", router) }
        switch timed.event {
        case .sent(let advert, let source, let destination, let corrupted):
            object.add("event", "sent")
            object.add("vrid", Int(advert.virtualRouterID))
            object.add("version", Int(advert.version.rawValue))
            object.add("priority", Int(advert.priority))
            object.add("interval", number: Self.seconds(centiseconds: advert.intervalCentiseconds))
            object.add("source", source.description)
            object.add("destination", destination.description)
            object.add("addresses", advert.addresses.map(\.description))
            object.add("checksum", corrupted ? "bad" : "good")
        case .received(let inspection):
            object.add("event", "recv")
            let packet = inspection.packet
            object.add("source", packet.source.description)
            object.add("destination", packet.destination.description)
            object.add("ttl", Int(packet.hopLimit))
            object.add("length", packet.payload.count)
            if let header = inspection.header {
                object.add("vrid", Int(header.virtualRouterID))
                object.add("version", Int(header.version))
                object.add("priority", Int(header.priority))
                object.add("interval", number: Self.seconds(centiseconds: header.intervalCentiseconds))
                object.add("addresses", header.addresses.map(\.description))
            }
            switch inspection.verdict {
            case .valid:
                object.add("verdict", "valid")
            case .dropped(let reason, let detail):
                object.add("verdict", "drop")
                object.add("reason", reason.rawValue)
                object.add("detail", detail)
            }
        case .stateChanged(let from, let to, let reason):
            object.add("event", "state")
            object.add("from", from.description)
            object.add("to", to.description)
            object.add("reason", reason)
        case .stepApplied(let action):
            object.add("event", "step")
            object.add("step", action.description)
        case .expectation(let action, let actual, let passed):
            object.add("event", "expect")
            object.add("step", action.description)
            object.add("passed", passed)
            object.add("actual", actual)
        case .note(let text):
            object.add("event", "note")
            object.add("text", text)
        }
        return object.text
    }

    // MARK: Numbers

    /// Seconds with milliseconds: `12.003`.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = max(0, duration.nanoseconds / 1_000_000)
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func seconds(centiseconds: UInt16) -> String {
        let fraction = String(centiseconds % 100)
        return "\(centiseconds / 100)." + String(repeating: "0", count: 2 - fraction.count) + fraction
    }

    /// `1s`, `0.5s`, `1.25s`.
    static func interval(_ centiseconds: UInt16) -> String {
        if centiseconds % 100 == 0 { return "\(centiseconds / 100)s" }
        var text = seconds(centiseconds: centiseconds)
        while text.hasSuffix("0") { text.removeLast() }
        return text + "s"
    }
}
