import Glibc
import VRRPCore

/// A raw VRRP socket of either family, as the daemon and `keepvip peer` use it: packets in and out
/// as VRRPCore values. `AdvertSocket` (IPv4) and `AdvertSocket6` (IPv6) conform.
public protocol VRRPSocket: AnyObject {
    var family: AddressFamily { get }
    var interfaceName: String { get }
    var fileDescriptor: Int32 { get }
    /// Datagrams skipped because they were unusable, and why the last one was.
    var malformedCount: Int { get }
    var lastMalformationDescription: String? { get }
    func joinMulticastGroup() throws(SystemCallError)
    func send(_ payload: [UInt8], to destination: IPAddress, from source: IPAddress) throws(SystemCallError)
    /// The next queued packet, or nil when drained.
    func receivePacket() throws(SystemCallError) -> ReceivedPacket?
    func close()
}

/// Opens the VRRP socket for `family` on an interface.
public func openVRRPSocket(
    family: AddressFamily, interfaceName: String, interfaceIndex: Int32, joinMulticast: Bool
) throws(SystemCallError) -> any VRRPSocket {
    switch family {
    case .ipv4:
        try AdvertSocket(interfaceName: interfaceName, interfaceIndex: interfaceIndex, sourceAddress: nil, joinMulticast: joinMulticast)
    case .ipv6:
        try AdvertSocket6(interfaceName: interfaceName, interfaceIndex: interfaceIndex, sourceAddress: nil, joinMulticast: joinMulticast)
    }
}

extension AdvertSocket: VRRPSocket {
    public var family: AddressFamily { .ipv4 }
    public var lastMalformationDescription: String? { lastMalformation.map { "\($0)" } }

    public func send(_ payload: [UInt8], to destination: IPAddress, from source: IPAddress) throws(SystemCallError) {
        guard case .v4(let to) = destination, case .v4(let from) = source else {
            throw SystemCallError("sendmsg(IPv4 socket, \(destination))", errno: EAFNOSUPPORT)
        }
        try send(payload, to: to, from: from)
    }

    public func receivePacket() throws(SystemCallError) -> ReceivedPacket? {
        try receive().map {
            ReceivedPacket(source: .v4($0.source), destination: .v4($0.destination), hopLimit: $0.ttl, payload: $0.payload)
        }
    }
}

extension AdvertSocket6: VRRPSocket {
    public var family: AddressFamily { .ipv6 }
    public var lastMalformationDescription: String? { lastMalformation.map { "\($0)" } }

    public func send(_ payload: [UInt8], to destination: IPAddress, from source: IPAddress) throws(SystemCallError) {
        guard case .v6(let to) = destination, case .v6(let from) = source else {
            throw SystemCallError("sendmsg(IPv6 socket, \(destination))", errno: EAFNOSUPPORT)
        }
        try send(payload, to: to, from: from)
    }

    public func receivePacket() throws(SystemCallError) -> ReceivedPacket? {
        try receive().map {
            ReceivedPacket(source: .v6($0.source), destination: .v6($0.destination), hopLimit: $0.hopLimit, payload: $0.payload)
        }
    }
}
