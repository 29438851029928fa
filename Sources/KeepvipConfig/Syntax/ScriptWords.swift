/// keepalived's word splitting for script command lines (`script`, `notify_*`, `notify_fifo_script`).
///
/// keepalived reads a script statement twice (lib/parser.c, `alloc_strvec_quoted_escaped`, used by
/// `set_script_params_array` and `notify_script_init`): once over the statement's text to find the
/// command string and the optional user and group, then again over the command string alone to get
/// the argv. Both passes use the same rules, implemented here:
/// - words are separated by blanks (space, tab, CR, LF, VT, FF) outside quotes;
/// - `"…"` and `'…'` group text, the quotes are removed, and quoted and unquoted parts of one word
///   join (`a"b c"d` is one word `ab cd`); an empty pair of quotes is an empty word;
/// - a backslash escapes inside and outside quotes, also inside single quotes: `\a \b \E \f \n \r
///   \t \v`, `\xH…` (every following hex digit, the value kept to one byte), `\cC` (control C),
///   `\N`, `\NN`, `\NNN` (octal), and `\C` for any other C is C itself (`\\`, `\"`, `\'`, `\ `);
/// - an unterminated quote or a backslash at the very end makes the whole line unreadable.
///
/// So `notify_master "/etc/keepalived/notify.sh 'two words' x"` runs `notify.sh` with the two
/// arguments `two words` and `x` (keepalived.conf(5), "Quoted strings").
enum ScriptWords {
    enum Failure: Error, Equatable, Sendable {
        /// The quote character left open.
        case unterminatedQuote(Character)
        case trailingBackslash
    }

    static func split(_ text: String) -> Result<[String], Failure> {
        let bytes = Array(text.utf8)
        var words: [String] = []
        var index = 0
        while true {
            while index < bytes.count, isBlank(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            var word: [UInt8] = []
            var quote: UInt8?
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { return .failure(.trailingBackslash) }
                    word.append(unescape(bytes, at: &index))
                    continue
                }
                if let open = quote {
                    if byte == open { quote = nil } else { word.append(byte) }
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                    index += 1
                    continue
                }
                if isBlank(byte) { break }
                word.append(byte)
                index += 1
            }
            if let open = quote { return .failure(.unterminatedQuote(Character(UnicodeScalar(open)))) }
            words.append(String(decoding: word, as: UTF8.self))
        }
        return .success(words)
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The byte for the escape at `index` (just past the backslash); advances past it.
    private static func unescape(_ bytes: [UInt8], at index: inout Int) -> UInt8 {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "x") where index < bytes.count && hexValue(bytes[index]) != nil:
            var value: UInt8 = 0
            while index < bytes.count, let digit = hexValue(bytes[index]) {
                value = value &<< 4 | digit
                index += 1
            }
            return value
        case UInt8(ascii: "c") where index < bytes.count:
            let control = bytes[index] & 0x1F
            index += 1
            return control
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = byte - UInt8(ascii: "0")
            var digits = 1
            while digits < 3, index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index]) {
                value = value &<< 3 &+ (bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            return value
        case UInt8(ascii: "a"): return 0x07
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "E"): return 0x1B
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "v"): return 0x0B
        default: return byte
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
