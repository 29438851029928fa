import VRRPCore

/// The 20-byte IPv4 header (no options) of a VRRP packet, written by `keepvip peer` itself when it
/// sends from an address the kernel would refuse as a source (RFC 791; TTL 255 per RFC 3768 §5.1.1.3).
public struct IPv4Header: Hashable, Sendable {
    public static let vrrpProtocol: UInt8 = 112
    public static let length = 20

    public var source: IPv4Address
    public var destination: IPv4Address
    public var timeToLive: UInt8
    public var protocolNumber: UInt8
    /// The header and the payload, in bytes.
    public var totalLength: Int

    public init(source: IPv4Address, destination: IPv4Address, payloadLength: Int,
                timeToLive: UInt8 = 255, protocolNumber: UInt8 = IPv4Header.vrrpProtocol) {
        self.source = source
        self.destination = destination
        self.timeToLive = timeToLive
        self.protocolNumber = protocolNumber
        totalLength = Self.length + payloadLength
    }

    /// A whole packet: this header (for `payload`) followed by `payload`.
    public static func packet(carrying payload: [UInt8], from source: IPv4Address, to destination: IPv4Address) -> [UInt8] {
        IPv4Header(source: source, destination: destination, payloadLength: payload.count).encoded() + payload
    }

    /// Version 4, IHL 5, DSCP 0, identification 0 (the kernel picks one), no fragmentation flags,
    /// and the header checksum.
    public func encoded() -> [UInt8] {
        var header: [UInt8] = [0x45, 0x00, UInt8(totalLength >> 8), UInt8(totalLength & 0xFF),
                               0, 0, 0, 0, timeToLive, protocolNumber, 0, 0]
        header += source.networkBytes
        header += destination.networkBytes
        let checksum = Self.checksum(header[...])
        header[10] = UInt8(checksum >> 8)
        header[11] = UInt8(checksum & 0xFF)
        return header
    }

    /// The RFC 1071 checksum of `header` (the checksum field included: 0 when it is right).
    public static func checksum(_ header: ArraySlice<UInt8>) -> UInt16 {
        var sum: UInt32 = 0
        var index = header.startIndex
        while index < header.endIndex {
            let high = UInt32(header[index]) << 8
            let low = header.index(after: index) < header.endIndex ? UInt32(header[header.index(after: index)]) : 0
            sum += high | low
            index = header.index(index, offsetBy: 2, limitedBy: header.endIndex) ?? header.endIndex
        }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
