import KeepvipLinux
import VRRPCore

/// What the daemon needs of a raw VRRP socket, for either family.
protocol RawAdvertSocket: AnyObject {
    var interfaceName: String { get }
    var fileDescriptor: Int32 { get }
    var malformedCount: Int { get }
    var lastMalformationDescription: String? { get }
    func joinMulticastGroup() throws
    func send(_ payload: [UInt8], to destination: IPAddress, from source: IPAddress) throws
    /// The next queued packet, or nil when drained.
    func receivePacket() throws -> ReceivedPacket?
    func close()
}

extension AdvertSocket: RawAdvertSocket {
    var lastMalformationDescription: String? { lastMalformation.map { "\($0)" } }

    func send(_ payload: [UInt8], to destination: IPAddress, from source: IPAddress) throws {
        guard case .v4(let to) = destination, case .v4(let from) = source else {
            throw UnsupportedFamily(address: destination)
        }
        try send(payload, to: to, from: from)
    }

    func receivePacket() throws -> ReceivedPacket? {
        try receive().map {
            ReceivedPacket(source: .v4($0.source), destination: .v4($0.destination), hopLimit: $0.ttl, payload: $0.payload)
        }
    }
}

extension AdvertSocket6: RawAdvertSocket {
    var lastMalformationDescription: String? { lastMalformation.map { "\($0)" } }

    func send(_ payload: [UInt8], to destination: IPAddress, from source: IPAddress) throws {
        guard case .v6(let to) = destination, case .v6(let from) = source else {
            throw UnsupportedFamily(address: destination)
        }
        try send(payload, to: to, from: from)
    }

    func receivePacket() throws -> ReceivedPacket? {
        try receive().map {
            ReceivedPacket(source: .v6($0.source), destination: .v6($0.destination), hopLimit: $0.hopLimit, payload: $0.payload)
        }
    }
}

struct UnsupportedFamily: Error, CustomStringConvertible {
    var address: IPAddress
    var description: String { "cannot send to \(address) on a socket of the other family" }
}
