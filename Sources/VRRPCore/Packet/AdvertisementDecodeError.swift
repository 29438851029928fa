/// Why bytes are not a VRRP advertisement.
public enum AdvertisementDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Shorter than the fixed fields, the addresses and (VRRPv2) the authentication data.
    case truncated(length: Int, needed: Int)
    /// Longer than that: the VRRP message is the whole IP payload (RFC 9568 §5.2.8, RFC 3768 §5.3.8).
    case tooLong(length: Int, expected: Int)
    /// Version nibble other than 2 or 3.
    case unsupportedVersion(UInt8)
    /// Type other than 1 (ADVERTISEMENT), RFC 3768 §5.3.2 / RFC 9568 §5.2.2.
    case unknownType(UInt8)
    /// VRRPv2 carries IPv4 addresses only.
    case familyNotInVersion(AddressFamily, VRRPVersion)
    case badChecksum(received: UInt16, computed: UInt16)

    public var description: String {
        switch self {
        case .truncated(let length, let needed): "packet too short: \(length) bytes, need \(needed)"
        case .tooLong(let length, let expected): "packet too long: \(length) bytes, its header declares \(expected)"
        case .unsupportedVersion(let version): "unsupported VRRP version \(version)"
        case .unknownType(let type): "unknown VRRP packet type \(type)"
        case .familyNotInVersion(let family, let version): "\(version) does not carry \(family) addresses"
        case .badChecksum(let received, let computed):
            "bad checksum 0x\(String(received, radix: 16)), expected 0x\(String(computed, radix: 16))"
        }
    }
}
