/// A VRRP ADVERTISEMENT: RFC 3768 §5.1 (version 2) and RFC 9568 §5.1 (version 3).
///
/// ```
/// v2: | ver|type | VRID | priority | count | auth type | adver int (s) | checksum | addresses… | auth data (8) |
/// v3: | ver|type | VRID | priority | count | rsvd(4)|max adver int (cs, 12) | checksum | addresses… |
/// ```
public struct Advertisement: Hashable, Sendable {
    public var version: VRRPVersion
    public var virtualRouterID: UInt8
    public var priority: UInt8
    /// VRRPv2 carries whole seconds (1–255), VRRPv3 centiseconds (1–4095); kept here in centiseconds.
    public var intervalCentiseconds: UInt16
    public var addresses: [IPAddress]
    /// Authentication Type and Data: VRRPv2 only.
    public var authentication: AdvertisementAuthentication
    /// Auth Type as received: lets the receive checks name an unsupported type.
    public private(set) var authenticationType: UInt8

    /// The family of the addresses; an advertisement with no addresses counts as IPv4.
    public var family: AddressFamily { addresses.first?.family ?? .ipv4 }

    public var interval: Duration { .milliseconds(Int64(intervalCentiseconds) * 10) }

    public init(
        version: VRRPVersion, virtualRouterID: UInt8, priority: UInt8, intervalCentiseconds: UInt16,
        addresses: [IPAddress], authentication: AdvertisementAuthentication = .none
    ) {
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.intervalCentiseconds = intervalCentiseconds
        self.addresses = addresses
        self.authentication = version == .v2 ? authentication : .none
        self.authenticationType = self.authentication.typeCode
    }

    static let headerLength = 8
    static let authenticationDataLength = 8
    static let advertisementType: UInt8 = 1
    static let protocolNumber: UInt8 = 112

    /// Decodes a VRRP message (the IP payload). `family` is the family of the IP packet it came in.
    /// When the message lists exactly `expected` (a router's own list, which its peers advertise),
    /// `addresses` shares that array instead of building one.
    public init<Bytes: Collection<UInt8>>(
        decoding bytes: Bytes, family: AddressFamily = .ipv4, checksum scope: ChecksumScope = .message,
        expecting expected: [IPAddress] = []
    ) throws(AdvertisementDecodeError) {
        let message = Array(bytes)
        guard message.count >= Self.headerLength else {
            throw .truncated(length: message.count, needed: Self.headerLength)
        }
        guard let version = VRRPVersion(rawValue: message[0] >> 4) else {
            throw .unsupportedVersion(message[0] >> 4)
        }
        // RFC 3768 §5.3.2, RFC 9568 §5.2.2: type 1 is the only type.
        guard message[0] & 0x0F == Self.advertisementType else { throw .unknownType(message[0] & 0x0F) }
        if version == .v2, family != .ipv4 { throw .familyNotInVersion(family, version) }

        let count = Int(message[3])
        let addressLength = family == .ipv4 ? 4 : 16
        let trailer = version == .v2 ? Self.authenticationDataLength : 0
        let needed = Self.headerLength + count * addressLength + trailer
        // RFC 3768 §7.1 / RFC 9568 §7.1: the packet must hold every field it declares.
        guard message.count >= needed else { throw .truncated(length: message.count, needed: needed) }
        // RFC 9568 §5.2.8, RFC 3768 §5.3.8: the checksum covers the entire VRRP message, which is the
        // whole IP payload; bytes after what the header declares are not part of any advertisement.
        guard message.count == needed else { throw .tooLong(length: message.count, expected: needed) }

        let computed = Self.checksum(of: message[0..<needed], zeroingAt: 6, scope: scope)
        let received = UInt16(message[6]) << 8 | UInt16(message[7])
        guard computed == received else { throw .badChecksum(received: received, computed: computed) }

        self.version = version
        virtualRouterID = message[1]
        priority = message[2]
        func address(_ index: Int) -> IPAddress {
            let start = Self.headerLength + index * addressLength
            let slice = message[start..<start + addressLength]
            return family == .ipv4 ? .v4(IPv4Address(networkBytes: slice)) : .v6(IPv6Address(networkBytes: slice))
        }
        if count == expected.count, (0..<count).allSatisfy({ address($0) == expected[$0] }) {
            addresses = expected
        } else {
            addresses = (0..<count).map(address)
        }
        switch version {
        case .v2:
            authenticationType = message[4]
            intervalCentiseconds = UInt16(message[5]) * 100
            if authenticationType == 1 {
                let dataStart = needed - Self.authenticationDataLength
                authentication = .simpleText(Self.trimmingPadding(Array(message[dataStart..<needed])))
            } else {
                authentication = .none
            }
        case .v3:
            authenticationType = 0
            authentication = .none
            intervalCentiseconds = (UInt16(message[4]) << 8 | UInt16(message[5])) & 0x0FFF
        }
    }

    /// The message as sent (the kernel adds the IP header).
    public func encoded(checksum scope: ChecksumScope = .message) -> [UInt8] {
        var message: [UInt8] = [version.rawValue << 4 | Self.advertisementType, virtualRouterID, priority, UInt8(clamping: addresses.count)]
        switch version {
        case .v2:
            message += [authentication.typeCode, UInt8(clamping: intervalCentiseconds / 100)]
        case .v3:
            let interval = min(intervalCentiseconds, 0x0FFF)
            message += [UInt8(interval >> 8), UInt8(interval & 0xFF)]
        }
        message += [0, 0]
        for address in addresses.prefix(255) {
            switch address {
            case .v4(let v4): message += v4.networkBytes
            case .v6(let v6): message += v6.bytes
            }
        }
        if version == .v2 { message += authentication.data }
        let checksum = Self.checksum(of: message[...], zeroingAt: 6, scope: scope)
        message[6] = UInt8(checksum >> 8)
        message[7] = UInt8(checksum & 0xFF)
        return message
    }

    private static func checksum(of message: ArraySlice<UInt8>, zeroingAt offset: Int, scope: ChecksumScope) -> UInt16 {
        var sum = InternetChecksum()
        if case .pseudoHeader(let source, let destination) = scope {
            addPseudoHeader(source: source, destination: destination, length: message.count, to: &sum)
        }
        let start = message.startIndex
        sum.add(message[start..<start + offset])
        sum.add(0 as UInt16)
        sum.add(message[(start + offset + 2)...])
        return sum.value
    }

    /// RFC 768-style pseudo-header for IPv4, RFC 8200 §8.1 for IPv6, summed without building it.
    private static func addPseudoHeader(source: IPAddress, destination: IPAddress, length: Int, to sum: inout InternetChecksum) {
        switch (source, destination) {
        case (.v6(let s), .v6(let d)):
            // Source, destination, a 32-bit upper-layer length, 24 zero bits and the next header.
            s.withNetworkBytes { sum.add($0) }
            d.withNetworkBytes { sum.add($0) }
            sum.add(UInt16(truncatingIfNeeded: length >> 16))
            sum.add(UInt16(truncatingIfNeeded: length))
            sum.add(0 as UInt16)
            sum.add(UInt16(protocolNumber))
        default:
            // Source, destination, a zero byte, the protocol and a 16-bit length.
            func add(_ address: IPAddress) {
                let value: UInt32 = if case .v4(let v4) = address { v4.value } else { 0 }
                sum.add(UInt16(value >> 16))
                sum.add(UInt16(truncatingIfNeeded: value))
            }
            add(source)
            add(destination)
            sum.add(UInt16(protocolNumber))
            sum.add(UInt16(truncatingIfNeeded: length))
        }
    }

    private static func trimmingPadding(_ data: [UInt8]) -> [UInt8] {
        var trimmed = data
        while trimmed.last == 0 { trimmed.removeLast() }
        return trimmed
    }
}
