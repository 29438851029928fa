import KeepvipLinux
import VRRPCore

/// Where VRRP packets come from: a simulated router's socket, or the listener's capture.
public protocol PacketReceiver: AnyObject {
    /// For the event loop.
    var fileDescriptor: Int32 { get }
    /// The next packet, or `nil` when none is queued.
    func receive() throws(PeerTransportError) -> ReceivedPacket?
    func close()
}

/// The raw VRRP socket of one family on one interface, as the simulated routers use it.
/// `SocketTransport` adapts the Linux layer's sockets; tests may conform their own.
public protocol PeerTransport: PacketReceiver {
    var family: AddressFamily { get }
    func send(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) throws(PeerTransportError)
}

extension PacketReceiver {
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
    /// `anySource`: sources need not be configured on this host — IPv4 packets then go out with an
    /// IP header of our own on a `HeaderIncludedSocket`, IPv6 ones with IPV6_FREEBIND.
    public static func open(
        family: AddressFamily, interfaceName: String, interfaceIndex: Int32, joinMulticast: Bool, anySource: Bool = false
    ) throws(PeerTransportError) -> any PeerTransport {
        do {
            switch family {
            case .ipv4:
                let socket = try AdvertSocket(interfaceName: interfaceName, interfaceIndex: interfaceIndex,
                                              sourceAddress: nil, joinMulticast: joinMulticast)
                let sender = anySource ? try HeaderIncludedSocket(interfaceName: interfaceName, interfaceIndex: interfaceIndex) : nil
                return SocketTransport(socket: socket, headerIncluded: sender)
            case .ipv6:
                let socket = try AdvertSocket6(interfaceName: interfaceName, interfaceIndex: interfaceIndex,
                                               sourceAddress: nil, joinMulticast: joinMulticast)
                if anySource { try socket.allowNonlocalSource() }
                return SocketTransport(socket: socket)
            }
        } catch {
            throw .system(error)
        }
    }
}

/// The Linux layer's `VRRPSocket` (either family) as a `PeerTransport`; IPv4 sends go through
/// `headerIncluded`, when given, with a header built here.
final class SocketTransport: PeerTransport {
    private let socket: any VRRPSocket
    private let headerIncluded: HeaderIncludedSocket?

    init(socket: any VRRPSocket, headerIncluded: HeaderIncludedSocket? = nil) {
        self.socket = socket
        self.headerIncluded = headerIncluded
    }

    var family: AddressFamily { socket.family }
    var fileDescriptor: Int32 { socket.fileDescriptor }

    func send(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) throws(PeerTransportError) {
        guard source.family == family else { throw .wrongFamily(source) }
        guard destination.family == family else { throw .wrongFamily(destination) }
        do {
            if let headerIncluded, case .v4(let from) = source, case .v4(let to) = destination {
                try headerIncluded.send(IPv4Header.packet(carrying: message, from: from, to: to), to: to)
            } else {
                try socket.send(message, to: destination, from: source)
            }
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
        headerIncluded?.close()
    }
}
