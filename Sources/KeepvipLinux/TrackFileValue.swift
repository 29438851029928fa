import Glibc

/// What a `track_file` holds, read the way keepalived reads it (track_file.c,
/// process_track_file): at most the first 127 bytes, parsed like strtol(text, NULL, 0) —
/// leading white space, an optional sign, then hexadecimal after "0x", octal after a leading
/// "0", decimal otherwise; whatever follows the number is ignored.
public enum TrackFileValue: Equatable, Sendable {
    /// The leading integer.
    case value(Int32)
    /// No file, not readable, or empty: keepalived counts 0 (and a deleted file as 0).
    case missing
    /// Text that does not start with a number: strtol yields 0, and so does keepalived.
    case garbage
    /// A number outside the 32-bit range: keepalived logs it and keeps the previous value.
    case outOfRange

    /// keepalived reads at most this many bytes.
    public static let readLimit = 127

    /// Reads `path` without blocking (a FIFO there does not hang the daemon).
    public static func read(path: String) -> TrackFileValue {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .missing }
        defer { closeDescriptor(fd) }
        var buffer = [UInt8](repeating: 0, count: readLimit)
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        } while count < 0 && Glibc.errno == EINTR
        guard count > 0 else { return .missing }
        return parse(buffer[0..<count])
    }

    /// Parses the text as keepalived does; a NUL byte ends it as it ends a C string.
    public static func parse<Bytes: Collection>(_ bytes: Bytes) -> TrackFileValue where Bytes.Element == UInt8 {
        let text = Array(bytes.prefix { $0 != 0 })
        var index = 0
        // isspace in the C locale: space, \t, \n, \v, \f, \r.
        while index < text.count, text[index] == 0x20 || (0x09...0x0D).contains(text[index]) { index += 1 }
        var negative = false
        if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var radix: Int64 = 10
        if index < text.count, text[index] == UInt8(ascii: "0") {
            radix = 8
            let next = index + 1
            if next + 1 < text.count, text[next] | 0x20 == UInt8(ascii: "x"), digit(text[next + 1], radix: 16) != nil {
                radix = 16
                index = next + 1
            }
        }
        var magnitude: Int64 = 0
        var sawDigit = false
        var overflow = false
        while index < text.count, let digit = digit(text[index], radix: radix) {
            sawDigit = true
            if !overflow {
                magnitude = magnitude * radix + digit
                if magnitude > Int64(UInt32.max) { overflow = true }
            }
            index += 1
        }
        guard sawDigit else { return .garbage }
        let value = negative ? -magnitude : magnitude
        if overflow || value < Int64(Int32.min) || value > Int64(Int32.max) { return .outOfRange }
        return .value(Int32(value))
    }

    /// The status keepalived would use, given the value it had before this read.
    public func resolved(previous: Int32) -> Int32 {
        switch self {
        case .value(let value): value
        case .missing, .garbage: 0
        case .outOfRange: previous
        }
    }

    private static func digit(_ byte: UInt8, radix: Int64) -> Int64? {
        let value: Int64
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int64(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int64(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }
}

extension TrackFileValue {
    /// keepalived's `init_file VALUE [overwrite]`: writes VALUE and a newline to a missing file, or
    /// also over an existing one when `replacing`. Returns false when the file existed and was kept.
    /// A symlink at `path` is refused (O_NOFOLLOW).
    public static func initialize(path: String, value: Int, replacing: Bool) throws(SystemCallError) -> Bool {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (replacing ? O_TRUNC : O_EXCL)
        let fd = open(path, flags, 0o644)
        if fd < 0 {
            if !replacing && Glibc.errno == EEXIST { return false }
            throw .last("open(\(path))")
        }
        defer { closeDescriptor(fd) }
        let text = Array("\(value)\n".utf8)
        if Glibc.write(fd, text, text.count) != text.count { throw .last("write(\(path))") }
        return true
    }
}
