import Logging

/// Collects log lines for assertions.
final class LogCapture: @unchecked Sendable {
    private(set) var lines: [(level: Logger.Level, message: String)] = []

    func handler() -> some LogHandler { Handler(capture: self) }

    func contains(_ text: String) -> Bool { lines.contains { $0.message == text } }
    func count(containing text: String) -> Int { lines.filter { $0.message.contains(text) }.count }
    /// A line that starts with `prefix`.
    func contains(prefix: String) -> Bool { lines.contains { $0.message.hasPrefix(prefix) } }
    func count(prefix: String) -> Int { lines.filter { $0.message.hasPrefix(prefix) }.count }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.lines.append((event.level, event.message.description))
        }
    }
}
