import Foundation
import Testing
import VRRPCore

/// Keeps identifiers, tests and CONFORMANCE.md in step: an `RFC9568-…` identifier in `Sources/` needs a
/// positive and a negative test and a row in the table; every test the table names must exist.
@Suite struct ConformanceTableTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let identifierPattern = #"RFC9568-\d+(?:\.\d+)*-\d+"#

    static func swiftFiles(under directory: String) -> [(path: String, text: String)] {
        let base = root.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var files: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            if let text = try? String(contentsOf: url, encoding: .utf8) { files.append((url.path, text)) }
        }
        return files
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).map { match in
            (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    /// Identifiers written in the sources, with the files they appear in.
    static var codeIdentifiers: [String: Set<String>] {
        var found: [String: Set<String>] = [:]
        for file in swiftFiles(under: "Sources") {
            for match in matches(identifierPattern, in: file.text) {
                found[match[0], default: []].insert(file.path.replacingOccurrences(of: root.path + "/", with: ""))
            }
        }
        return found
    }

    /// Every `@Test` function in `Tests/`: name → display name (empty when it has none).
    static var tests: [String: String] {
        var found: [String: String] = [:]
        let pattern = #"@Test(?:\(\s*(?:"((?:[^"\\]|\\.)*)")?(?:[^()"]|"(?:[^"\\]|\\.)*"|\([^()]*\))*\))?\s*(?:@\w+\s*)*func\s+(\w+)"#
        for file in swiftFiles(under: "Tests") {
            for match in matches(pattern, in: file.text) {
                found[match[2]] = match[1]
            }
        }
        return found
    }

    /// Identifier → ("positive" | "negative") → test function names, from display names.
    static var testsByIdentifier: [String: [String: [String]]] {
        var byIdentifier: [String: [String: [String]]] = [:]
        for (name, display) in tests {
            guard let match = matches("^(\(identifierPattern)) (positive|negative):", in: display).first else { continue }
            byIdentifier[match[1], default: [:]][match[2], default: []].append(name)
        }
        return byIdentifier
    }

    static var table: String {
        (try? String(contentsOf: root.appendingPathComponent("Tests/KeepvipDaemonTests/Conformance/CONFORMANCE.md"), encoding: .utf8)) ?? ""
    }

    /// Rows of the identifier table: ID → cells.
    static var rows: [String: [String]] {
        var rows: [String: [String]] = [:]
        for line in table.split(separator: "\n") where line.hasPrefix("| RFC9568-") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            rows[cells[0]] = cells
        }
        return rows
    }

    /// Backticked names in a cell: "`a`, `T.b`" → ["a", "b"].
    static func testNames(in cell: String) -> [String] {
        matches("`([A-Za-z_][\\w.]*)`", in: cell).map { String($0[1].split(separator: ".").last!) }
    }

    @Test func sourcesCarryIdentifiers() {
        #expect(Self.codeIdentifiers.count >= 30, "the scan found \(Self.codeIdentifiers.count) identifiers under \(Self.root.path)/Sources")
    }

    @Test func everyIdentifierInCodeHasAPositiveAndANegativeTest() {
        let byIdentifier = Self.testsByIdentifier
        for (identifier, files) in Self.codeIdentifiers.sorted(by: { $0.key < $1.key }) {
            #expect(byIdentifier[identifier]?["positive"]?.isEmpty == false, "\(identifier) (in \(files.sorted())) has no positive test")
            #expect(byIdentifier[identifier]?["negative"]?.isEmpty == false, "\(identifier) (in \(files.sorted())) has no negative test")
        }
    }

    @Test func everyIdentifierInCodeHasARow() {
        let rows = Self.rows
        for identifier in Self.codeIdentifiers.keys.sorted() {
            #expect(rows[identifier] != nil, "CONFORMANCE.md has no row for \(identifier)")
        }
    }

    @Test func everyTestIdentifierHasARow() {
        let rows = Self.rows
        for identifier in Self.testsByIdentifier.keys.sorted() {
            #expect(rows[identifier] != nil, "a test names \(identifier) but CONFORMANCE.md has no row for it")
        }
    }

    @Test func rowsNameExistingTestsOfTheirIdentifier() {
        let tests = Self.tests
        for (identifier, cells) in Self.rows.sorted(by: { $0.key < $1.key }) {
            #expect(cells.count == 6, "\(identifier): expected 6 cells, found \(cells.count)")
            guard cells.count == 6 else { continue }
            for (polarity, cell) in [("positive", cells[3]), ("negative", cells[4])] {
                for name in Self.testNames(in: cell) {
                    let display = tests[name]
                    #expect(display != nil, "\(identifier): the table names \(name), which is no test")
                    if let display, display.hasPrefix("RFC9568-") {
                        #expect(display.hasPrefix("\(identifier) \(polarity):"), "\(identifier): \(name) is \"\(display)\"")
                    }
                }
            }
            // A row that claims code must list the tests; one without code must not pretend to be tested.
            if Self.codeIdentifiers[identifier] != nil {
                #expect(!Self.testNames(in: cells[3]).isEmpty && !Self.testNames(in: cells[4]).isEmpty, "\(identifier) is in the code but its row lists no tests")
            }
        }
    }

    @Test func receiveCheckTableCoversEveryDropReasonAndNamesRealTests() throws {
        let section = try #require(Self.table.components(separatedBy: "## §7.1 receive checks").last)
        let tests = Self.tests
        var counters: Set<String> = []
        for line in section.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| Check |") && !line.hasPrefix("|---") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.count == 5, "§7.1 row has \(cells.count) cells: \(line)")
            guard cells.count == 5 else { continue }
            counters.formUnion(Self.matches("`(\\w+)`", in: cells[2]).map { $0[1] })
            for name in Self.testNames(in: cells[4]) {
                #expect(tests[name] != nil, "§7.1 table names \(name), which is no test")
            }
        }
        for reason in DropReason.allCases {
            #expect(counters.contains(reason.rawValue), "§7.1 table has no row for DropReason \(reason)")
        }
    }
}
