import VRRPCore

/// The fields of a VRRP message read leniently — without checking the checksum or the length —
/// so that even a packet the receive checks drop can be shown.
public struct AdvertHeader: Hashable, Sendable {
    public var version: UInt8
    public var type: UInt8
    public var virtualRouterID: UInt8
    public var priority: UInt8
    public var addressCount: UInt8
    /// VRRPv2 seconds × 100, VRRPv3 centiseconds; other versions read as v3.
    public var intervalCentiseconds: UInt16
    /// VRRPv2 Auth Type; 0 for other versions.
    public var authenticationType: UInt8
    /// The addresses that fit in the message.
    public var addresses: [IPAddress]

    /// `nil` when the message is shorter than the 8-byte fixed header.
    public init?(_ message: [UInt8], family: AddressFamily) {
        guard message.count >= 8 else { return nil }
        version = message[0] >> 4
        type = message[0] & 0x0F
        virtualRouterID = message[1]
        priority = message[2]
        addressCount = message[3]
        if version == 2 {
            authenticationType = message[4]
            intervalCentiseconds = UInt16(message[5]) * 100
        } else {
            authenticationType = 0
            intervalCentiseconds = (UInt16(message[4]) << 8 | UInt16(message[5])) & 0x0FFF
        }
        let size = family == .ipv4 ? 4 : 16
        addresses = (0..<Int(addressCount)).compactMap { index in
            let start = 8 + index * size
            guard start + size <= message.count else { return nil }
            let bytes = message[start..<start + size]
            return family == .ipv4 ? .v4(IPv4Address(networkBytes: bytes)) : .v6(IPv6Address(networkBytes: bytes))
        }
    }

    /// The VRRPv2 password as carried (zero padding trimmed), when Auth Type is 1 and the message holds it.
    func password(in message: [UInt8]) -> [UInt8]? {
        guard version == 2, authenticationType == 1 else { return nil }
        let end = 8 + Int(addressCount) * 4 + 8
        guard message.count >= end else { return nil }
        var data = Array(message[(end - 8)..<end])
        while data.last == 0 { data.removeLast() }
        return data
    }
}
