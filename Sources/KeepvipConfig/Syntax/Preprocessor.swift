/// Turns files into logical lines: reads includes, applies `@ID` conditional lines, records
/// `$NAME=value` definitions and expands `${NAME}` / `$NAME`, then splits each line into tokens.
///
/// Order per physical line (keepalived's): comment stripped, `@ID` / `@^ID` prefix tested, then a
/// definition, an `include`, or an ordinary line whose macros are expanded.
struct Preprocessor {
    static let maximumIncludeDepth = 8
    /// Files named by `include` in one load. Found with the config fuzz target: with cycles refused only along the current
    /// chain, N files that each `include *.conf` are read N!/(N-8)! times (9 files: ~10^6 reads, minutes).
    static let maximumIncludedFiles = 1_000
    static let maximumExpansionPasses = 32
    static let maximumExpandedLength = 65_536
    static let maximumMacroLineDepth = 8
    static let includeKeywords: Set<String> = ["include", "includer", "includem", "includew", "includeb", "includea"]

    let fileSystem: any ConfigurationFileSystem
    let configID: String

    private(set) var diagnostics = DiagnosticLog()
    private(set) var lines: [LogicalLine] = []
    /// Just past the last line of the main file: where unclosed blocks are reported.
    private(set) var endLocation = SourceLocation(file: "", line: 1, column: 1)

    /// Every file read, in reading order.
    private(set) var fileOrder: [String] = []

    private var definitions: [String: [UInt8]] = [:]
    private var includeStack: [String] = []
    private var includedFileCount = 0
    private var pendingDefinition: (name: String, value: [UInt8], location: SourceLocation)?

    init(fileSystem: any ConfigurationFileSystem, configID: String) {
        self.fileSystem = fileSystem
        self.configID = configID
    }

    /// Reads the main file and everything it includes.
    mutating func run(path: String) {
        endLocation = SourceLocation(file: path, line: 1, column: 1)
        fileOrder.append(path)
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.contents(of: path)
        } catch {
            diagnostics.error("\(Self.describe(error, path: path)); check the path and its permissions", at: endLocation)
            return
        }
        includeStack.append(fileSystem.canonicalPath(of: path))
        process(bytes: bytes, file: path, depth: 0)
    }

    /// Reads text that did not come from a file system (for unit tests and `parse(text:file:)`).
    mutating func run(text: String, file: String) {
        endLocation = SourceLocation(file: file, line: 1, column: 1)
        includeStack.append(fileSystem.canonicalPath(of: file))
        process(bytes: Array(text.utf8), file: file, depth: 0)
    }

    private static func describe(_ error: any Error, path: String) -> String {
        if let readError = error as? FileReadError { return readError.description }
        return "cannot read \(path): \(error)"
    }

    // MARK: Files

    private mutating func process(bytes: [UInt8], file: String, depth: Int) {
        fileOrder.append(file)
        let directory = PathSyntax.directory(of: file)
        var lineNumber = 0
        var start = 0
        var lastLineLength = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            if start == bytes.count, end == start, lineNumber > 0 { break }  // final newline
            lineNumber += 1
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = bytes[start..<contentEnd]
            lastLineLength = line.count
            if pendingDefinition != nil {
                continueDefinition(line)
            } else {
                processLine(line, file: file, lineNumber: lineNumber, directory: directory, depth: depth, macroDepth: 0)
            }
            start = end + 1
        }
        if let pending = pendingDefinition {
            definitions[pending.name] = pending.value
            pendingDefinition = nil
        }
        if depth == 0 {
            endLocation = SourceLocation(file: file, line: max(lineNumber, 1), column: lastLineLength + 1)
        }
    }

    private mutating func continueDefinition(_ line: ArraySlice<UInt8>) {
        guard var pending = pendingDefinition else { return }
        var content = Self.trimmingTrailingBlanks(Lexer.strippingComment(line))
        let continues = content.last == UInt8(ascii: "\\")
        if continues { content = Self.trimmingTrailingBlanks(content.dropLast()) }
        if !pending.value.isEmpty { pending.value.append(0x0A) }
        pending.value.append(contentsOf: content)
        if continues {
            pendingDefinition = pending
        } else {
            definitions[pending.name] = pending.value
            pendingDefinition = nil
        }
    }

    // MARK: Lines

    private mutating func processLine(
        _ rawLine: ArraySlice<UInt8>, file: String, lineNumber: Int, directory: String, depth: Int, macroDepth: Int
    ) {
        let line = Lexer.strippingComment(rawLine)
        var index = Self.skippingBlanks(line, from: line.startIndex)
        func location(_ position: Int) -> SourceLocation {
            SourceLocation(file: file, line: lineNumber, column: position - rawLine.startIndex + 1)
        }
        guard index < line.endIndex else { return }

        // `@ID` / `@^ID`: keep the line only on the matching (or, with ^, any other) config id.
        if line[index] == UInt8(ascii: "@") {
            var wordEnd = index + 1
            while wordEnd < line.endIndex, !Lexer.isBlank(line[wordEnd]) { wordEnd += 1 }
            var id = line[(index + 1)..<wordEnd]
            let negated = id.first == UInt8(ascii: "^")
            if negated { id = id.dropFirst() }
            let matches = String(decoding: id, as: UTF8.self) == configID
            if matches == negated { return }
            index = Self.skippingBlanks(line, from: wordEnd)
            guard index < line.endIndex else { return }
        }

        let rest = line[index...]
        if Self.hasPrefix(rest, "~SEQ") || Self.hasPrefix(rest, "~LST") {
            diagnostics.error(
                "keepalived's ~SEQ/~LST repetition blocks are not supported by keepvip; write the generated lines out in full",
                at: location(index))
            return
        }

        if rest.first == UInt8(ascii: "$"), let definition = Self.definition(in: rest) {
            let value = Self.trimmingTrailingBlanks(definition.value)
            if macroDepth == 0, value.last == UInt8(ascii: "\\") {
                let firstLine = Self.trimmingTrailingBlanks(value.dropLast())
                pendingDefinition = (definition.name, Array(firstLine), location(index))
            } else {
                definitions[definition.name] = Array(value)
            }
            return
        }

        let firstWordEnd = Self.wordEnd(rest)
        let firstWord = String(decoding: rest[rest.startIndex..<firstWordEnd], as: UTF8.self)
        if Self.includeKeywords.contains(firstWord) {
            let patternStart = Self.skippingBlanks(rest, from: firstWordEnd)
            var pattern = String(decoding: Self.trimmingTrailingBlanks(rest[patternStart...]), as: UTF8.self)
            if pattern.count >= 2, pattern.hasPrefix("\""), pattern.hasSuffix("\"") {
                pattern = String(pattern.dropFirst().dropLast())
            }
            include(pattern: pattern, at: location(index), directory: directory, depth: depth)
            return
        }

        if rest.contains(UInt8(ascii: "$")) {
            guard let expanded = expand(rest, at: location(index), directory: directory) else { return }
            if expanded != Array(rest) {
                emitExpanded(expanded, file: file, lineNumber: lineNumber, columnBase: index - rawLine.startIndex + 1,
                             directory: directory, depth: depth, macroDepth: macroDepth)
                return
            }
        }
        emit(rest, file: file, lineNumber: lineNumber, columnBase: index - rawLine.startIndex + 1, stripsComments: false)
    }

    private mutating func emitExpanded(
        _ expanded: [UInt8], file: String, lineNumber: Int, columnBase: Int, directory: String, depth: Int, macroDepth: Int
    ) {
        guard expanded.contains(0x0A) else {
            // Columns after a substitution point into the expanded text.
            emit(expanded[...], file: file, lineNumber: lineNumber, columnBase: columnBase, stripsComments: false)
            return
        }
        guard macroDepth < Self.maximumMacroLineDepth else {
            diagnostics.error(
                "multi-line definitions nest deeper than \(Self.maximumMacroLineDepth) levels; a definition probably uses itself",
                at: SourceLocation(file: file, line: lineNumber, column: columnBase))
            return
        }
        for piece in expanded.split(separator: 0x0A, omittingEmptySubsequences: true) {
            processLine(piece, file: file, lineNumber: lineNumber, directory: directory, depth: depth, macroDepth: macroDepth + 1)
        }
    }

    private mutating func emit(_ text: ArraySlice<UInt8>, file: String, lineNumber: Int, columnBase: Int, stripsComments: Bool) {
        let result = Lexer.tokenize(text, file: file, line: lineNumber, columnBase: columnBase, stripsComments: stripsComments)
        if let column = result.unterminatedQuoteColumn {
            diagnostics.warning(
                "the double quote opened here is not closed; the quoted text runs to the end of the line",
                at: SourceLocation(file: file, line: lineNumber, column: column))
        }
        guard let first = result.tokens.first else { return }
        lines.append(LogicalLine(tokens: result.tokens, location: first.location))
    }

    // MARK: Includes

    private mutating func include(pattern: String, at location: SourceLocation, directory: String, depth: Int) {
        guard !pattern.isEmpty else {
            diagnostics.warning("'include' without a file name; give a path or glob pattern", at: location)
            return
        }
        let resolved = PathSyntax.resolve(pattern, relativeTo: directory)
        let matches = fileSystem.expand(glob: resolved)
        if matches.isEmpty {
            diagnostics.warning(
                "include '\(pattern)' matches no file (looked for '\(resolved)'); nothing included", at: location,
                kind: .missingInclude)
            return
        }
        for path in matches {
            if depth + 1 > Self.maximumIncludeDepth {
                diagnostics.error(
                    "include nesting is deeper than \(Self.maximumIncludeDepth) files at '\(path)'; flatten the includes",
                    at: location)
                return
            }
            includedFileCount += 1
            if includedFileCount > Self.maximumIncludedFiles {
                if includedFileCount == Self.maximumIncludedFiles + 1 {
                    diagnostics.error(
                        "includes name more than \(Self.maximumIncludedFiles) files; files probably include each other through globs",
                        at: location)
                }
                return
            }
            let canonical = fileSystem.canonicalPath(of: path)
            if includeStack.contains(canonical) {
                diagnostics.error(
                    "include cycle: '\(path)' is already being read; remove this include", at: location)
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try fileSystem.contents(of: path)
            } catch {
                diagnostics.error("\(Self.describe(error, path: path)); fix its permissions or remove the include", at: location)
                continue
            }
            includeStack.append(canonical)
            process(bytes: bytes, file: path, depth: depth + 1)
            includeStack.removeLast()
        }
    }

    // MARK: Macros

    /// Substitutes `${NAME}` anywhere and `$NAME` before a blank or the end, again and again until
    /// nothing changes. Undefined names stay as written (keepalived's rule); `${NAME}` then warns.
    private mutating func expand(_ text: ArraySlice<UInt8>, at location: SourceLocation, directory: String) -> [UInt8]? {
        var current = Array(text)
        var warned: Set<String> = []
        for _ in 0..<Self.maximumExpansionPasses {
            var output: [UInt8] = []
            output.reserveCapacity(current.count)
            var changed = false
            var index = 0
            while index < current.count {
                let byte = current[index]
                guard byte == UInt8(ascii: "$"), index + 1 < current.count else {
                    output.append(byte)
                    index += 1
                    continue
                }
                if current[index + 1] == UInt8(ascii: "{") {
                    var end = index + 2
                    while end < current.count, Self.isNameByte(current[end]) { end += 1 }
                    if end < current.count, current[end] == UInt8(ascii: "}"), end > index + 2 {
                        let name = String(decoding: current[(index + 2)..<end], as: UTF8.self)
                        if let value = value(of: name, directory: directory) {
                            output.append(contentsOf: value)
                            changed = true
                        } else {
                            if !warned.contains(name) {
                                warned.insert(name)
                                diagnostics.warning(
                                    "'${\(name)}' is not defined and stays as written; define it with '$\(name)=value' before this line",
                                    at: location)
                            }
                            output.append(contentsOf: current[index...end])
                        }
                        index = end + 1
                        continue
                    }
                } else if Self.isNameStart(current[index + 1]) {
                    var end = index + 1
                    while end < current.count, Self.isNameByte(current[end]) { end += 1 }
                    if end == current.count || Lexer.isBlank(current[end]) || current[end] == 0x0A {
                        let name = String(decoding: current[(index + 1)..<end], as: UTF8.self)
                        if let value = value(of: name, directory: directory) {
                            output.append(contentsOf: value)
                            changed = true
                            index = end
                            continue
                        }
                    }
                }
                output.append(byte)
                index += 1
            }
            if output.count > Self.maximumExpandedLength {
                diagnostics.error(
                    "macro expansion grows beyond \(Self.maximumExpandedLength) bytes; a definition probably uses itself",
                    at: location)
                return nil
            }
            current = output
            if !changed { return current }
        }
        diagnostics.error(
            "macro expansion does not settle after \(Self.maximumExpansionPasses) rounds; a definition probably uses itself",
            at: location)
        return nil
    }

    private func value(of name: String, directory: String) -> [UInt8]? {
        if let value = definitions[name] { return value }
        switch name {
        case "_PWD": return Array((directory.isEmpty ? "." : directory).utf8)
        case "_INSTANCE": return Array(configID.utf8)
        case "_HASH": return [UInt8(ascii: "#")]
        case "_BANG": return [UInt8(ascii: "!")]
        default: return nil
        }
    }

    // MARK: Byte helpers

    private static func definition(in text: ArraySlice<UInt8>) -> (name: String, value: ArraySlice<UInt8>)? {
        var index = text.startIndex + 1
        guard index < text.endIndex, isNameStart(text[index]) else { return nil }
        while index < text.endIndex, isNameByte(text[index]) { index += 1 }
        guard index < text.endIndex, text[index] == UInt8(ascii: "=") else { return nil }
        let name = String(decoding: text[(text.startIndex + 1)..<index], as: UTF8.self)
        let valueStart = skippingBlanks(text, from: index + 1)
        return (name, text[valueStart...])
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func skippingBlanks(_ text: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = start
        while index < text.endIndex, Lexer.isBlank(text[index]) { index += 1 }
        return index
    }

    private static func wordEnd(_ text: ArraySlice<UInt8>) -> Int {
        var index = text.startIndex
        while index < text.endIndex, !Lexer.isBlank(text[index]), text[index] != UInt8(ascii: "{") { index += 1 }
        return index
    }

    private static func trimmingTrailingBlanks(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = text.endIndex
        while end > text.startIndex, Lexer.isBlank(text[end - 1]) { end -= 1 }
        return text[text.startIndex..<end]
    }

    private static func hasPrefix(_ text: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        text.starts(with: prefix.utf8)
    }
}
