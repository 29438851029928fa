import VRRPCore

/// A gratuitous ARP as an Ethernet frame, in the form keepalived 2.2.7 puts on the wire
/// (captured on a veth): an ARP *request* broadcast to ff:ff:ff:ff:ff:ff with
/// sender IP = target IP = the address, sender MAC = ours and target MAC = ff:ff:ff:ff:ff:ff,
/// 42 bytes with no padding (a NIC pads to the 60-byte minimum itself).
public struct GratuitousARP: Equatable, Sendable {
    public static let etherTypeARP: UInt16 = 0x0806
    public static let broadcast: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]

    public var address: IPv4Address
    /// Six bytes.
    public var hardwareAddress: [UInt8]

    /// `nil` unless `hardwareAddress` is 6 bytes (Ethernet).
    public init?(address: IPv4Address, hardwareAddress: [UInt8]) {
        guard hardwareAddress.count == 6 else { return nil }
        self.address = address
        self.hardwareAddress = hardwareAddress
    }

    public func encoded() -> [UInt8] {
        var frame: [UInt8] = []
        frame.reserveCapacity(42)
        frame += Self.broadcast                       // Ethernet destination
        frame += hardwareAddress                      // Ethernet source
        frame += [0x08, 0x06]                         // EtherType ARP
        frame += [0x00, 0x01]                         // hardware type: Ethernet
        frame += [0x08, 0x00]                         // protocol type: IPv4
        frame += [6, 4]                               // hardware / protocol address lengths
        frame += [0x00, 0x01]                         // operation: request
        frame += hardwareAddress                      // sender hardware address
        frame += address.networkBytes                 // sender protocol address
        frame += Self.broadcast                       // target hardware address
        frame += address.networkBytes                 // target protocol address
        return frame
    }
}
