/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum.
/// RFC 3768 §5.3.8 and RFC 9568 §5.2.8 use it for the VRRP checksum.
struct InternetChecksum {
    private var sum: UInt32 = 0
    private var pendingHighByte: UInt8?

    mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes { add(byte: byte) }
    }

    /// Two bytes, most significant first.
    mutating func add(_ word: UInt16) {
        add(byte: UInt8(word >> 8))
        add(byte: UInt8(truncatingIfNeeded: word))
    }

    mutating func add(byte: UInt8) {
        if let high = pendingHighByte {
            sum &+= UInt32(high) << 8 | UInt32(byte)
            pendingHighByte = nil
        } else {
            pendingHighByte = byte
        }
    }

    /// The checksum value to put on the wire (or 0 when verifying a message that carries one).
    var value: UInt16 {
        var total = sum
        if let high = pendingHighByte { total &+= UInt32(high) << 8 }
        while total >> 16 != 0 { total = (total & 0xFFFF) + (total >> 16) }
        return ~UInt16(total)
    }
}
