/// Splits one line into words and braces.
///
/// Rules (keepalived's): words are separated by blanks; `{` and `}` are tokens of their own even when
/// glued to a word (`unicast_peer{`); `#` and `!` outside double quotes start a comment that runs to the
/// end of the line; double quotes group text (blanks and braces inside are literal, backslash escapes work)
/// and may appear inside a word; `${NAME}` stays one word. A quote left open ends with the line.
/// Single quotes are ordinary characters (keepalived passes them to script command lines).
/// Columns are 1-based byte offsets into the line.
enum Lexer {
    struct Result {
        var tokens: [Token] = []
        var unterminatedQuoteColumn: Int?
    }

    static func tokenize(
        _ line: ArraySlice<UInt8>, file: String, line lineNumber: Int, columnBase: Int = 1,
        stripsComments: Bool = true
    ) -> Result {
        var result = Result()
        let bytes = Array(line)
        var index = 0
        func location(_ offset: Int) -> SourceLocation {
            SourceLocation(file: file, line: lineNumber, column: columnBase + offset)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if isBlank(byte) {
                index += 1
                continue
            }
            if stripsComments, byte == UInt8(ascii: "#") || byte == UInt8(ascii: "!") { break }
            if byte == UInt8(ascii: "{") {
                result.tokens.append(Token(kind: .openBrace, text: "{", location: location(index)))
                index += 1
                continue
            }
            if byte == UInt8(ascii: "}") {
                result.tokens.append(Token(kind: .closeBrace, text: "}", location: location(index)))
                index += 1
                continue
            }
            // A word.
            let start = index
            var text: [UInt8] = []
            var quoted = false
            scanning: while index < bytes.count {
                let current = bytes[index]
                switch current {
                case UInt8(ascii: "\""):
                    quoted = true
                    index += 1
                    var closed = false
                    while index < bytes.count {
                        let inner = bytes[index]
                        if inner == UInt8(ascii: "\"") {
                            closed = true
                            index += 1
                            break
                        }
                        if inner == UInt8(ascii: "\\"), index + 1 < bytes.count {
                            index += 1
                            text.append(contentsOf: unescape(bytes, at: &index))
                            continue
                        }
                        text.append(inner)
                        index += 1
                    }
                    if !closed, result.unterminatedQuoteColumn == nil {
                        result.unterminatedQuoteColumn = columnBase + start
                    }
                case UInt8(ascii: "$") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "{"):
                    // `${NAME}` is one unit even though it holds braces.
                    var end = index + 2
                    while end < bytes.count, bytes[end] != UInt8(ascii: "}"), !isBlank(bytes[end]) { end += 1 }
                    if end < bytes.count, bytes[end] == UInt8(ascii: "}") {
                        text.append(contentsOf: bytes[index...end])
                        index = end + 1
                    } else {
                        text.append(current)
                        index += 1
                    }
                case UInt8(ascii: "{"), UInt8(ascii: "}"):
                    break scanning
                case UInt8(ascii: "#"), UInt8(ascii: "!"):
                    if stripsComments { break scanning }
                    text.append(current)
                    index += 1
                default:
                    if isBlank(current) { break scanning }
                    text.append(current)
                    index += 1
                }
            }
            result.tokens.append(
                Token(kind: .word, text: String(decoding: text, as: UTF8.self), location: location(start), isQuoted: quoted,
                      raw: String(decoding: bytes[start..<index], as: UTF8.self))
            )
        }
        return result
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C || byte == 0x00
    }

    /// Resolves the escape after a backslash (`index` points past the backslash) and advances.
    private static func unescape(_ bytes: [UInt8], at index: inout Int) -> [UInt8] {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "a"): return [0x07]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "E"): return [0x1B]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "v"): return [0x0B]
        case UInt8(ascii: "x"):
            var value = 0
            var digits = 0
            while index < bytes.count, digits < 2, let digit = hexValue(bytes[index]) {
                value = value * 16 + digit
                digits += 1
                index += 1
            }
            return digits == 0 ? [UInt8(ascii: "x")] : [UInt8(value)]
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = Int(byte - UInt8(ascii: "0"))
            var digits = 1
            while index < bytes.count, digits < 3, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index]) {
                value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            return [UInt8(truncatingIfNeeded: value)]
        case UInt8(ascii: "c"):
            guard index < bytes.count else { return [byte] }
            let control = bytes[index] & 0x1F
            index += 1
            return [control]
        default:
            return [byte]
        }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// The line up to (not including) the first comment character outside double quotes.
    static func strippingComment(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var inQuotes = false
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: "\\"), inQuotes {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes, byte == UInt8(ascii: "#") || byte == UInt8(ascii: "!") {
                return line[line.startIndex..<index]
            }
            index += 1
        }
        return line
    }
}
