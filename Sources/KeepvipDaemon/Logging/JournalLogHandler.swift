import Glibc
import Logging

/// Writes one line per event to standard error. Under systemd (stderr not a terminal) each line
/// starts with a `<N>` syslog priority, which journald files at that level (SyslogLevelPrefix).
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let descriptor: Int32
    private let prefixesPriority: Bool

    public init(label: String, descriptor: Int32 = 2) {
        self.descriptor = descriptor
        prefixesPriority = isatty(descriptor) == 0
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = prefixesPriority ? "<\(Self.syslogPriority(event.level))>" : ""
        line += event.message.description
        line += "\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll(keepingCapacity: false)
    }

    /// RFC 5424 severities.
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
