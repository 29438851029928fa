/// One finding about a configuration: where it is, how bad it is, and what to do about it.
public struct Diagnostic: Sendable, CustomStringConvertible {
    public enum Severity: Sendable, Hashable, CustomStringConvertible {
        /// The configuration still loads; the operator should look.
        case warning
        /// The configuration is refused; nothing is applied.
        case error

        public var description: String {
            switch self {
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    /// Findings a caller may judge differently from the loader.
    public enum Kind: Sendable, Hashable {
        /// An `include` that matched no file: keepalived carries on without it, but a reload must not
        /// drop what it included before (`DaemonCore.reload` refuses it).
        case missingInclude
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    public var kind: Kind?

    public init(severity: Severity, location: SourceLocation, message: String, kind: Kind? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.kind = kind
    }

    public static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(severity: .warning, location: location, message: message)
    }

    public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(severity: .error, location: location, message: message)
    }

    /// `path:12:5: error: message`.
    public var description: String { "\(location): \(severity): \(message)" }
}
