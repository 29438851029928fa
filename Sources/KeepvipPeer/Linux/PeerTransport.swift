import KeepvipLinux
import VRRPCore

/// The raw VRRP socket of one family on one interface, as the peer and the listener use it.
/// IPv4 is `IPv4PeerTransport`; an IPv6 socket plugs in by conforming.
public protocol PeerTransport: AnyObject {
    var family: AddressFamily { get }
    /// For the event loop.
    var fileDescriptor: Int32 { get }
    func send(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) throws(PeerTransportError)
    /// The next packet, or `nil` when none is queued.
    func receive() throws(PeerTransportError) -> ReceivedPacket?
    func close()
}

public enum PeerTransportError: Error, CustomStringConvertible {
    case system(SystemCallError)
    case unsupportedFamily(AddressFamily)
    case wrongFamily(IPAddress)

    public var description: String {
        switch self {
        case .system(let error): "\(error)"
        case .unsupportedFamily(let family): "\(family) is not supported by keepvip peer yet"
        case .wrongFamily(let address): "\(address) is not of this socket's family"
        }
    }
}

public enum PeerSockets {
    /// Opens the transport for `family` on an interface, joined to the VRRP group when `joinMulticast`.
    public static func open(
        family: AddressFamily, interfaceName: String, interfaceIndex: Int32, joinMulticast: Bool
    ) throws(PeerTransportError) -> any PeerTransport {
        switch family {
        case .ipv4:
            do {
                return IPv4PeerTransport(socket: try AdvertSocket(
                    interfaceName: interfaceName, interfaceIndex: interfaceIndex, sourceAddress: nil, joinMulticast: joinMulticast
                ))
            } catch {
                throw .system(error)
            }
        case .ipv6:
            throw .unsupportedFamily(.ipv6)
        }
    }
}

/// `AdvertSocket` (raw IPv4, protocol 112) as a `PeerTransport`.
final class IPv4PeerTransport: PeerTransport {
    private let socket: AdvertSocket

    init(socket: AdvertSocket) {
        self.socket = socket
    }

    var family: AddressFamily { .ipv4 }
    var fileDescriptor: Int32 { socket.fileDescriptor }

    func send(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) throws(PeerTransportError) {
        guard case .v4(let from) = source else { throw .wrongFamily(source) }
        guard case .v4(let to) = destination else { throw .wrongFamily(destination) }
        do {
            try socket.send(message, to: to, from: from)
        } catch {
            throw .system(error)
        }
    }

    func receive() throws(PeerTransportError) -> ReceivedPacket? {
        let received: ReceivedAdvertisement?
        do {
            received = try socket.receive()
        } catch {
            throw .system(error)
        }
        return received.map {
            ReceivedPacket(source: .v4($0.source), destination: .v4($0.destination), hopLimit: $0.ttl, payload: $0.payload)
        }
    }

    func close() {
        socket.close()
    }
}
