import VRRPCore

/// Decodes what the packet socket of `--listen` captures: an IPv4 or IPv6 packet from its network
/// header on, into the IP facts the receive checks need and the VRRP message. Never traps.
public enum CapturedPacket {
    public static let etherTypeIPv4: UInt16 = 0x0800
    public static let etherTypeIPv6: UInt16 = 0x86DD

    /// Why a captured packet is not a VRRP packet that can be shown.
    public enum Malformation: Error, Hashable, Sendable, CustomStringConvertible {
        case unknownEtherType(UInt16)
        case shorterThanHeader(length: Int)
        case wrongVersion(UInt8)
        case badHeaderLength(Int)
        case badLength(declared: Int, captured: Int)
        case badHeaderChecksum
        case fragment
        case notVRRP(protocolNumber: UInt8)

        public var description: String {
            switch self {
            case .unknownEtherType(let type): "EtherType 0x\(String(type, radix: 16)) is not IPv4 or IPv6"
            case .shorterThanHeader(let length): "\(length) bytes: shorter than the IP header"
            case .wrongVersion(let version): "IP version \(version) does not match the EtherType"
            case .badHeaderLength(let length): "IPv4 header length \(length) is impossible"
            case .badLength(let declared, let captured): "IP length \(declared) but \(captured) bytes captured"
            case .badHeaderChecksum: "bad IPv4 header checksum"
            case .fragment: "a fragment"
            case .notVRRP(let number): "IP protocol \(number), not VRRP (112)"
            }
        }
    }

    public static func decode(etherType: UInt16, bytes: [UInt8]) throws(Malformation) -> ReceivedPacket {
        switch etherType {
        case etherTypeIPv4: try decodeIPv4(bytes)
        case etherTypeIPv6: try decodeIPv6(bytes)
        default: throw .unknownEtherType(etherType)
        }
    }

    private static func decodeIPv4(_ bytes: [UInt8]) throws(Malformation) -> ReceivedPacket {
        guard bytes.count >= IPv4Header.length else { throw .shorterThanHeader(length: bytes.count) }
        guard bytes[0] >> 4 == 4 else { throw .wrongVersion(bytes[0] >> 4) }
        let headerLength = Int(bytes[0] & 0x0F) * 4
        guard headerLength >= IPv4Header.length, headerLength <= bytes.count else { throw .badHeaderLength(headerLength) }
        // Unlike a raw socket's, this total length is as on the wire; a short Ethernet frame may
        // carry padding after it.
        let totalLength = Int(bytes[2]) << 8 | Int(bytes[3])
        guard totalLength >= headerLength, totalLength <= bytes.count else {
            throw .badLength(declared: totalLength, captured: bytes.count)
        }
        guard IPv4Header.checksum(bytes[0..<headerLength]) == 0 else { throw .badHeaderChecksum }
        guard (UInt16(bytes[6]) << 8 | UInt16(bytes[7])) & 0x3FFF == 0 else { throw .fragment }
        guard bytes[9] == IPv4Header.vrrpProtocol else { throw .notVRRP(protocolNumber: bytes[9]) }
        return ReceivedPacket(
            source: .v4(IPv4Address(networkBytes: bytes[12..<16])),
            destination: .v4(IPv4Address(networkBytes: bytes[16..<20])),
            hopLimit: bytes[8],
            payload: Array(bytes[headerLength..<totalLength])
        )
    }

    /// The fixed 40-byte header only: a VRRP packet carries no extension headers.
    private static func decodeIPv6(_ bytes: [UInt8]) throws(Malformation) -> ReceivedPacket {
        guard bytes.count >= 40 else { throw .shorterThanHeader(length: bytes.count) }
        guard bytes[0] >> 4 == 6 else { throw .wrongVersion(bytes[0] >> 4) }
        let payloadLength = Int(bytes[4]) << 8 | Int(bytes[5])
        guard 40 + payloadLength <= bytes.count else {
            throw .badLength(declared: 40 + payloadLength, captured: bytes.count)
        }
        guard bytes[6] == IPv4Header.vrrpProtocol else { throw .notVRRP(protocolNumber: bytes[6]) }
        return ReceivedPacket(
            source: .v6(IPv6Address(networkBytes: bytes[8..<24])),
            destination: .v6(IPv6Address(networkBytes: bytes[24..<40])),
            hopLimit: bytes[7],
            payload: Array(bytes[40..<(40 + payloadLength)])
        )
    }
}
