import VRRPCore

/// Reads the values of one statement and reports problems with their exact column and a fix.
struct StatementReader {
    var diagnostics = DiagnosticLog()
    /// `*_fifo_script` commands waiting for the end of global_defs (see `attachFIFOScripts`).
    var pendingFIFOScripts: [(WritableKeyPath<GlobalDefinitions, NotifyFIFO?>, ScriptCommand)] = []

    // MARK: Shape

    /// The single value of `node`, or an error naming the keyword and an example.
    mutating func singleValue(_ node: SyntaxNode, example: String) -> Token? {
        rejectBlock(node)
        guard let value = node.arguments.first else {
            diagnostics.error("'\(node.name)' needs a value; write e.g. '\(node.name) \(example)'", at: node.location)
            return nil
        }
        warnExtraArguments(node, after: 1)
        return value
    }

    /// A keyword that may be followed by `true`/`false` (also yes/no, on/off); alone it means true.
    mutating func switchValue(_ node: SyntaxNode) -> Bool? {
        rejectBlock(node)
        guard let value = node.arguments.first else { return true }
        warnExtraArguments(node, after: 1)
        switch value.text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.error("'\(node.name) \(value.text)': expected true or false; write '\(node.name)' or '\(node.name) false'", at: value.location)
            return nil
        }
    }

    /// A keyword that takes no value (`nopreempt`).
    mutating func flag(_ node: SyntaxNode) {
        rejectBlock(node)
        warnExtraArguments(node, after: 0)
    }

    mutating func warnExtraArguments(_ node: SyntaxNode, after count: Int) {
        guard node.arguments.count > count else { return }
        let extra = node.arguments[count...].map(\.text).joined(separator: " ")
        diagnostics.warning("extra text '\(extra)' after '\(node.name)' is ignored; remove it", at: node.arguments[count].location)
    }

    mutating func rejectBlock(_ node: SyntaxNode) {
        if node.isBlock {
            diagnostics.warning("'\(node.name)' does not take a block; the block after it is ignored", at: node.openBrace ?? node.location)
        }
    }

    /// Blocks whose keyword is followed by a name (checked by their own readers).
    static let namedBlocks: Set<String> = ["vrrp_instance", "vrrp_script", "track_file", "vrrp_track_file", "vrrp_sync_group"]

    /// The statements inside `node`, or an error when it has no block.
    mutating func block(_ node: SyntaxNode) -> [SyntaxNode]? {
        guard let children = node.children else {
            diagnostics.error("'\(node.name)' needs a block; write '\(node.name) { ... }'", at: node.location)
            return nil
        }
        if !node.arguments.isEmpty, !Self.namedBlocks.contains(node.name) {
            warnExtraArguments(node, after: 0)
        }
        return children
    }

    // MARK: Numbers

    /// An integer in `range`. Text glued to the number is an error at the column where it starts.
    mutating func integer(_ token: Token, keyword: String, in range: ClosedRange<Int>) -> Int? {
        let bytes = Array(token.text.utf8)
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var value = 0
        var digits = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            if value < 1_000_000_000 { value = value * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
            digits += 1
            index += 1
        }
        let rangeText = "\(range.lowerBound)-\(range.upperBound)"
        guard digits > 0 else {
            diagnostics.error(
                "\(keyword) '\(token.text)' is not a number; use a number from \(range.lowerBound) to \(range.upperBound)",
                at: token.location)
            return nil
        }
        guard index == bytes.count else {
            reportTrailingText(token, keyword: keyword, validLength: index, what: "the number",
                               fix: "write the number alone", suffix: ", and put comments after '#'")
            return nil
        }
        if negative { value = -value }
        guard range.contains(value) else {
            diagnostics.error(
                "\(keyword) \(value) is out of range \(rangeText); use a number from \(range.lowerBound) to \(range.upperBound)",
                at: token.location)
            return nil
        }
        return value
    }

    /// A time in seconds with an optional fraction (`1`, `0.5`, `2.71828`), as microseconds.
    mutating func microseconds(_ token: Token, keyword: String) -> Int64? {
        let bytes = Array(token.text.utf8)
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var digits = 0
        var index = 0
        var seenDot = false
        while index < bytes.count {
            let byte = bytes[index]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let digit = Int64(byte - UInt8(ascii: "0"))
                if seenDot {
                    if fractionDigits < 6 {
                        fraction = fraction * 10 + digit
                        fractionDigits += 1
                    }
                } else if whole < 100_000_000 {
                    whole = whole * 10 + digit
                }
                digits += 1
            } else if byte == UInt8(ascii: "."), !seenDot {
                seenDot = true
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else {
            diagnostics.error(
                "\(keyword) '\(token.text)' is not a time in seconds; write e.g. '\(keyword) 1' or '\(keyword) 0.5'",
                at: token.location)
            return nil
        }
        guard index == bytes.count else {
            reportTrailingText(token, keyword: keyword, validLength: index, what: "the time",
                               fix: "write the seconds alone", suffix: "")
            return nil
        }
        while fractionDigits < 6 {
            fraction *= 10
            fractionDigits += 1
        }
        return whole * 1_000_000 + fraction
    }

    /// Text glued to a value (`priority 100,abc`): an error at the column where the junk starts.
    private mutating func reportTrailingText(
        _ token: Token, keyword: String, validLength: Int, what: String, fix: String, suffix: String
    ) {
        let bytes = Array(token.text.utf8)
        let junk = String(decoding: bytes[validLength...], as: UTF8.self)
        let valid = String(decoding: bytes[..<validLength], as: UTF8.self)
        var location = token.location
        location.column += validLength
        diagnostics.error(
            "unexpected text '\(junk)' after \(what) in '\(keyword) \(token.text)'; \(fix), e.g. '\(keyword) \(valid)'\(suffix)",
            at: location)
    }

    /// A duration of at most `maximum` whole seconds (fractions allowed), or an error with the range.
    mutating func seconds(_ token: Token, keyword: String, upTo maximum: Int64) -> Duration? {
        guard let micros = microseconds(token, keyword: keyword) else { return nil }
        guard micros <= maximum * 1_000_000 else {
            diagnostics.error(
                "\(keyword) \(token.text) is out of range 0-\(maximum) seconds; use a number from 0 to \(maximum)", at: token.location)
            return nil
        }
        return .microseconds(micros)
    }

    // MARK: Addresses

    /// `ADDR` or `ADDR/LEN`; the prefix length is checked against the family.
    mutating func addressWithPrefix(_ token: Token, keyword: String) -> (IPAddress, Int?)? {
        let text = token.text
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addressText = parts.first, let address = IPAddress(addressText) else {
            diagnostics.error(
                "'\(text)' is not an IP address (\(keyword)); write an IPv4 address like 192.0.2.10 or an IPv6 address like 2001:db8::10",
                at: token.location)
            return nil
        }
        guard parts.count == 2 else { return (address, nil) }
        let maximum = address.family.maximumPrefixLength
        var location = token.location
        location.column += addressText.utf8.count + 1
        guard let length = Int(parts[1]), (0...maximum).contains(length) else {
            diagnostics.error(
                "prefix length '/\(parts[1])' in '\(text)' is not valid for \(address.family); use /0 to /\(maximum)",
                at: location)
            return nil
        }
        return (address, length)
    }

    /// A plain address; a `/LEN` is accepted with a warning (keepalived ignores it too).
    mutating func address(_ token: Token, keyword: String) -> IPAddress? {
        guard let (address, length) = addressWithPrefix(token, keyword: keyword) else { return nil }
        if length != nil {
            diagnostics.warning(
                "the prefix length in '\(keyword) \(token.text)' is ignored; write just '\(address)'", at: token.location)
        }
        return address
    }
}
