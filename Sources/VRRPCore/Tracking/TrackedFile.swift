/// The number in a `track_file`, read as keepalived reads it.
///
/// keepalived reads the file's start as C's `strtol` with base 0 would (leading blanks, a sign, then
/// decimal, `0x` hexadecimal or `0` octal digits, the rest ignored); text without a leading number
/// reads as 0, and a missing or deleted file counts as 0 ("The file has disappeared. Treat as though the
/// value is 0", vrrp_track.c). The value is then clamped to -254…254.
public enum TrackedFile {
    /// The value of a file's text (the runtime passes nil to `TrackerStatus.file` for a missing file).
    public static func value(parsing text: String) -> Int {
        var bytes = Substring(text).utf8.drop { $0 == 0x20 || (0x09...0x0D).contains($0) }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var radix = 10
        if bytes.first == UInt8(ascii: "0") {
            let rest = bytes.dropFirst()
            if let x = rest.first, x | 0x20 == UInt8(ascii: "x"), let digit = rest.dropFirst().first, hexDigit(digit) != nil {
                radix = 16
                bytes = rest.dropFirst()
            } else {
                radix = 8
            }
        }
        var magnitude = 0
        for byte in bytes {
            guard let digit = hexDigit(byte), digit < radix else { break }
            // Anything past the clamp reads the same; stop growing to stay far from overflow.
            magnitude = min(magnitude * radix + digit, 1_000_000)
        }
        return clamped(negative ? -magnitude : magnitude)
    }

    /// keepalived keeps a file's value within -254…254.
    static func clamped(_ value: Int) -> Int { min(max(value, -254), 254) }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
