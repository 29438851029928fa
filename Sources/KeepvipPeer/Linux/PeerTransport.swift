import KeepvipLinux
import VRRPCore

/// The raw VRRP socket of one family on one interface, as the peer and the listener use it.
/// `SocketTransport` adapts the Linux layer's sockets; tests may conform their own.
public protocol PeerTransport: AnyObject {
    var family: AddressFamily { get }
    /// For the event loop.
    var fileDescriptor: Int32 { get }
    func send(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) throws(PeerTransportError)
    /// The next packet, or `nil` when none is queued.
    func receive() throws(PeerTransportError) -> ReceivedPacket?
    func close()
}

extension PeerTransport {
    /// Hands every queued packet to `handle`; a receive error is reported once and ends the round.
    func drain(output: OutputWriter, _ handle: (ReceivedPacket) -> Void) {
        while true {
            do {
                guard let packet = try receive() else { return }
                handle(packet)
            } catch {
                output.error("receive: \(error)")
                return
            }
        }
    }
}

public enum PeerTransportError: Error, CustomStringConvertible {
    case system(SystemCallError)
    case wrongFamily(IPAddress)

    public var description: String {
        switch self {
        case .system(let error): "\(error)"
        case .wrongFamily(let address): "\(address) is not of this socket's family"
        }
    }
}

public enum PeerSockets {
    /// Opens the transport for `family` on an interface, joined to the VRRP group when `joinMulticast`.
    public static func open(
        family: AddressFamily, interfaceName: String, interfaceIndex: Int32, joinMulticast: Bool
    ) throws(PeerTransportError) -> any PeerTransport {
        do {
            return SocketTransport(socket: try openVRRPSocket(
                family: family, interfaceName: interfaceName, interfaceIndex: interfaceIndex, joinMulticast: joinMulticast
            ))
        } catch {
            throw .system(error)
        }
    }
}

/// The Linux layer's `VRRPSocket` (either family) as a `PeerTransport`.
final class SocketTransport: PeerTransport {
    private let socket: any VRRPSocket

    init(socket: any VRRPSocket) {
        self.socket = socket
    }

    var family: AddressFamily { socket.family }
    var fileDescriptor: Int32 { socket.fileDescriptor }

    func send(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) throws(PeerTransportError) {
        guard source.family == family else { throw .wrongFamily(source) }
        guard destination.family == family else { throw .wrongFamily(destination) }
        do {
            try socket.send(message, to: destination, from: source)
        } catch {
            throw .system(error)
        }
    }

    func receive() throws(PeerTransportError) -> ReceivedPacket? {
        do {
            return try socket.receivePacket()
        } catch {
            throw .system(error)
        }
    }

    func close() {
        socket.close()
    }
}
