/// VRRPv2 authentication (RFC 3768 §5.3.6). VRRPv3 has none (RFC 9568 §9).
public enum AdvertisementAuthentication: Hashable, Sendable {
    case none
    /// Type 1, simple text password: up to 8 bytes, zero-padded on the wire.
    case simpleText([UInt8])

    /// The Auth Type field.
    var typeCode: UInt8 {
        switch self {
        case .none: 0
        case .simpleText: 1
        }
    }

    /// The 8 bytes of Authentication Data.
    var data: [UInt8] {
        switch self {
        case .none:
            return [UInt8](repeating: 0, count: 8)
        case .simpleText(let password):
            let clipped = password.prefix(8)
            return Array(clipped) + [UInt8](repeating: 0, count: 8 - clipped.count)
        }
    }
}
