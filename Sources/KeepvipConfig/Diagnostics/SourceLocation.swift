/// A position in a configuration file: 1-based line and column (columns count bytes).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `path:12:5`, the form editors and compilers use.
    public var description: String { "\(file):\(line):\(column)" }
}
