import VRRPCore

/// An unsolicited Neighbor Advertisement (RFC 4861 §4.4, §7.2.6) as the ICMPv6 message a raw
/// ICMPv6 socket sends: the kernel adds the IPv6 header and fills in the checksum.
///
/// ```
/// | type 136 | code 0 | checksum (0: the kernel's) | R S O | reserved (29 bits) |
/// | target address (16) | option 2 (Target Link-Layer Address) | length 1 (8 octets) | MAC (6) |
/// ```
///
/// keepalived 2.2.7, becoming master of an IPv6 instance, sends exactly this (captured on a veth):
/// Override set, Solicited and Router clear, the option with the interface MAC, 32 bytes, from the
/// target address itself to ff02::1 with hop limit 255 — the same source Linux uses for its own
/// unsolicited NAs. `NeighborAdvertiser` sends it that way.
public struct NeighborAdvertisement: Equatable, Sendable {
    public static let icmpType: UInt8 = 136
    /// RFC 4861 §4.6.1: Target Link-Layer Address.
    public static let targetLinkLayerAddressOption: UInt8 = 2
    /// All-nodes, the destination of an unsolicited advertisement (RFC 4861 §7.2.6).
    public static let allNodes = IPv6Address("ff02::1")!

    public var target: IPv6Address
    /// Six bytes.
    public var hardwareAddress: [UInt8]
    /// R: the sender is a router (set when the interface forwards IPv6).
    public var isRouter: Bool
    /// S: always clear in an unsolicited advertisement.
    public var isSolicited: Bool
    /// O: set, so receivers replace a cached link-layer address (the point of a failover).
    public var isOverride: Bool

    /// `nil` unless `hardwareAddress` is 6 bytes (Ethernet).
    public init?(target: IPv6Address, hardwareAddress: [UInt8], isRouter: Bool = false,
                 isSolicited: Bool = false, isOverride: Bool = true) {
        guard hardwareAddress.count == 6 else { return nil }
        self.target = target
        self.hardwareAddress = hardwareAddress
        self.isRouter = isRouter
        self.isSolicited = isSolicited
        self.isOverride = isOverride
    }

    /// The 32-byte ICMPv6 message with a zero checksum.
    public func encoded() -> [UInt8] {
        var flags: UInt8 = 0
        if isRouter { flags |= 0x80 }
        if isSolicited { flags |= 0x40 }
        if isOverride { flags |= 0x20 }
        var message: [UInt8] = []
        message.reserveCapacity(32)
        message += [Self.icmpType, 0, 0, 0]                    // type, code, checksum
        message += [flags, 0, 0, 0]                             // R S O, reserved
        message += target.bytes
        message += [Self.targetLinkLayerAddressOption, 1]       // option type, length in 8-octet units
        message += hardwareAddress
        return message
    }
}
