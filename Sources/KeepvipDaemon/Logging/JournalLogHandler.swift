import Glibc
import KeepvipLinux
import Logging

/// keepvipd's log: one entry per event, in keepalived's words, never blocking the event loop.
///
/// - Under systemd (`JOURNAL_STREAM` names stderr), entries go to the journal through its native
///   protocol with structured fields: `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`,
///   `CODE_FUNC`, and the logger's metadata upper-cased (`VRRP_INSTANCE=VI_1`, `VRRP_STATE=MASTER`,
///   `VRRP_PRIORITY=150`, `VRRP_PEER=192.0.2.12`), so `journalctl -u keepvip VRRP_INSTANCE=VI_1`
///   works. An entry the journal cannot take at once is dropped and counted, and the next entry
///   that gets through is preceded by one saying how many were lost.
/// - Otherwise, one line per event on stderr; when stderr is not a terminal each line starts with a
///   `<N>` syslog priority (SyslogLevelPrefix). A socket is written without waiting (lines dropped
///   and counted as above); a terminal, pipe or file is the operator's choice and written as usual.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let output: LogOutput

    /// The journal when stderr is systemd's journal stream, else stderr.
    public init(label: String) {
        if JournalSocket.isStandardErrorTheJournal(environment: getenv("JOURNAL_STREAM").map { String(cString: $0) }),
           let journal = JournalSocket() {
            output = LogOutput(.journal(journal, identifier: label))
        } else {
            output = LogOutput(.stream(descriptor: 2))
        }
    }

    /// Writes to `descriptor` as to stderr.
    public init(label: String, descriptor: Int32) {
        output = LogOutput(.stream(descriptor: descriptor))
    }

    /// Sends to `journal` (tests: one end of a socket pair).
    public init(label: String, journal: JournalSocket) {
        output = LogOutput(.journal(journal, identifier: label))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        output.write(event, metadata: merged)
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

    /// A journal field name for a metadata key: upper-case letters, digits and `_`, not starting
    /// with `_` or a digit, at most 64 characters (systemd.journal-fields(7)).
    static func fieldName(_ key: String) -> String? {
        let name = String(key.uppercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII ? $0 : "_" }.prefix(64))
        guard let first = name.first, first != "_", !first.isNumber else { return nil }
        return name
    }
}

/// Where log entries go; shared by every copy of the handler (a `Logger` is a value), so the count
/// of dropped entries is one.
private final class LogOutput {
    enum Target {
        case journal(JournalSocket, identifier: String)
        case stream(descriptor: Int32)
    }

    private let target: Target
    private let prefixesPriority: Bool
    private let isSocket: Bool
    /// Entries the journal or a socket on stderr could not take at once.
    private var dropped = 0

    init(_ target: Target) {
        self.target = target
        switch target {
        case .journal:
            prefixesPriority = false
            isSocket = true
        case .stream(let descriptor):
            prefixesPriority = isatty(descriptor) == 0
            var status = stat()
            isSocket = fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK
        }
    }

    func write(_ event: LogEvent, metadata: Logger.Metadata) {
        if dropped > 0 {
            let count = dropped
            dropped = 0
            let note = LogEvent(level: .warning, message: "\(count) log entr\(count == 1 ? "y was" : "ies were") dropped: the log reader was not keeping up",
                                metadata: nil, source: "keepvipd", file: #fileID, function: #function, line: #line)
            guard send(note, metadata: [:]) else {
                dropped = count + 1
                return
            }
        }
        if !send(event, metadata: metadata) { dropped += 1 }
    }

    /// False when the entry was dropped because the reader is not keeping up.
    private func send(_ event: LogEvent, metadata: Logger.Metadata) -> Bool {
        switch target {
        case .journal(let journal, let identifier):
            var fields: [(name: String, value: String)] = [
                ("MESSAGE", event.message.description),
                ("PRIORITY", "\(JournalLogHandler.syslogPriority(event.level))"),
                ("SYSLOG_IDENTIFIER", identifier),
                ("CODE_FILE", event.file),
                ("CODE_LINE", "\(event.line)"),
                ("CODE_FUNC", event.function),
            ]
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                if let name = JournalLogHandler.fieldName(key) { fields.append((name, "\(value)")) }
            }
            // A journal that went away (failed) loses the entry as a slow one does.
            return journal.send(fields) == .sent
        case .stream(let descriptor):
            let line = (prefixesPriority ? "<\(JournalLogHandler.syslogPriority(event.level))>" : "") + event.message.description + "\n"
            return writeLine(Array(line.utf8), to: descriptor)
        }
    }

    private func writeLine(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                isSocket
                    ? Glibc.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
                    : Glibc.write(descriptor, buffer.baseAddress, buffer.count)
            }
            if written < 0, errno == EINTR { continue }
            // A socket that is full: the rest of a partly sent line is lost with it.
            if written < 0, errno == EAGAIN { return offset > 0 }
            if written <= 0 { return true }
            offset += written
        }
        return true
    }
}
