import KeepvipLinux
import VRRPCore

/// `--listen`'s source of packets: every VRRP packet a `PacketCaptureSocket` sees arrive on the
/// interface (this host's own are left out: they were not received), decoded from the IP header.
public final class CaptureTransport: PacketReceiver {
    private let socket: PacketCaptureSocket
    private let families: [AddressFamily]

    /// Captured packets that were not decodable VRRP packets, and why the last one was not.
    public private(set) var malformedCount = 0
    public private(set) var lastMalformation: CapturedPacket.Malformation?

    /// `families`: the packets to show (both by default).
    public init(interfaceName: String, interfaceIndex: Int32, families: [AddressFamily] = [.ipv4, .ipv6])
        throws(PeerTransportError)
    {
        do {
            socket = try PacketCaptureSocket(interfaceName: interfaceName, interfaceIndex: interfaceIndex, promiscuous: true)
        } catch {
            throw .system(error)
        }
        self.families = families
    }

    public var fileDescriptor: Int32 { socket.fileDescriptor }

    public func receive() throws(PeerTransportError) -> ReceivedPacket? {
        while true {
            let frame: CapturedFrame?
            do {
                frame = try socket.receive()
            } catch {
                throw .system(error)
            }
            guard let frame else { return nil }
            if frame.isOutgoing { continue }
            do {
                let packet = try CapturedPacket.decode(etherType: frame.etherType, bytes: frame.bytes)
                if families.contains(packet.source.family) { return packet }
            } catch {
                malformedCount += 1
                lastMalformation = error
            }
        }
    }

    public func close() {
        socket.close()
    }
}
