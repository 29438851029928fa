#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of reading a configuration: the model when there is no error, and every finding.
public struct LoadResult: Sendable {
    /// `nil` if and only if there is an error: then nothing may be applied.
    public var configuration: Configuration?
    /// Warnings and errors in the order found (files in include order).
    public var diagnostics: [Diagnostic]

    public init(configuration: Configuration?, diagnostics: [Diagnostic]) {
        self.configuration = configuration
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Reads a keepalived.conf (with its includes) into a `Configuration`.
public struct ConfigurationLoader: Sendable {
    /// The id `@ID` lines are compared with (keepalived's `--config-id`).
    public var configID: String
    public var fileSystem: any ConfigurationFileSystem

    /// - Parameter configID: `nil` means the short host name (up to the first dot), as keepalived does.
    public init(configID: String? = nil, fileSystem: some ConfigurationFileSystem = .host) {
        self.configID = configID ?? Self.shortHostName()
        self.fileSystem = fileSystem
    }

    public func load(path: String) -> LoadResult {
        var preprocessor = Preprocessor(fileSystem: fileSystem, configID: configID)
        preprocessor.run(path: path)
        return finish(preprocessor)
    }

    /// Parses text directly; `include` patterns are resolved against this loader's file system.
    public func parse(text: String, file: String = "keepalived.conf") -> LoadResult {
        var preprocessor = Preprocessor(fileSystem: fileSystem, configID: configID)
        preprocessor.run(text: text, file: file)
        return finish(preprocessor)
    }

    private func finish(_ preprocessor: Preprocessor) -> LoadResult {
        var diagnostics = preprocessor.diagnostics
        let nodes = SyntaxTreeBuilder.build(lines: preprocessor.lines, end: preprocessor.endLocation, diagnostics: &diagnostics)
        let configuration = ConfigurationParser.parse(nodes, fileSystem: fileSystem, diagnostics: &diagnostics)
        return LoadResult(
            configuration: diagnostics.hasErrors ? nil : configuration,
            diagnostics: Self.sorted(diagnostics.entries, fileOrder: preprocessor.fileOrder))
    }

    /// Orders findings as the text reads: files in the order they were read, then line and column.
    private static func sorted(_ diagnostics: [Diagnostic], fileOrder: [String]) -> [Diagnostic] {
        var rank: [String: Int] = [:]
        for (index, file) in fileOrder.enumerated() where rank[file] == nil { rank[file] = index }
        return diagnostics.enumerated().sorted { lhs, rhs in
            let left = lhs.element.location, right = rhs.element.location
            let leftKey = (rank[left.file] ?? Int.max, left.line, left.column, lhs.offset)
            let rightKey = (rank[right.file] ?? Int.max, right.line, right.column, rhs.offset)
            return leftKey < rightKey
        }.map(\.element)
    }

    /// The host name up to the first dot (`uname -n` style), or `""` when unavailable.
    public static func shortHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

/// Parses configuration text held in memory (no includes are found unless `fileSystem` has them).
public func parse(
    text: String, file: String = "keepalived.conf", configID: String = "",
    fileSystem: some ConfigurationFileSystem = InMemoryFileSystem()
) -> LoadResult {
    ConfigurationLoader(configID: configID, fileSystem: fileSystem).parse(text: text, file: file)
}
