import Glibc

/// Writes formatted events to standard output, one line per write(2) so nothing waits in a buffer
/// (a test reading the file sees every line as it happens), and errors to standard error.
public final class OutputWriter {
    private let formatter: EventFormatter

    public init(formatter: EventFormatter) {
        self.formatter = formatter
    }

    public func write(_ event: TimedEvent) {
        Self.write(formatter.format(event) + "\n", to: STDOUT_FILENO)
    }

    public func error(_ message: String) {
        Self.write("keepvip peer: \(message)\n", to: STDERR_FILENO)
    }

    /// One line on standard error.
    public static func standardError(_ line: String) {
        write(line + "\n", to: STDERR_FILENO)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
