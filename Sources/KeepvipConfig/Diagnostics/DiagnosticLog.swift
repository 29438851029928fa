/// Collects diagnostics in the order they are found.
struct DiagnosticLog {
    private(set) var entries: [Diagnostic] = []

    var hasErrors: Bool { entries.contains { $0.severity == .error } }

    mutating func warning(_ message: String, at location: SourceLocation, kind: Diagnostic.Kind? = nil) {
        entries.append(Diagnostic(severity: .warning, location: location, message: message, kind: kind))
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        entries.append(.error(message, at: location))
    }

    mutating func append(contentsOf other: [Diagnostic]) {
        entries.append(contentsOf: other)
    }
}
