import CKeepvipShim
import Glibc
import VRRPCore

/// Sends gratuitous ARPs on one interface through an AF_PACKET socket.
///
/// The socket is opened with protocol 0, so it receives nothing (it only sends, and no ARP
/// traffic queues up in it unread).
public final class ARPAnnouncer {
    public let interfaceIndex: Int32
    public private(set) var fileDescriptor: Int32

    public init(interfaceIndex: Int32) throws(SystemCallError) {
        self.interfaceIndex = interfaceIndex
        let fd = kv_packet_socket(interfaceIndex, 0)
        if fd < 0 { throw .last("socket/bind(AF_PACKET)") }
        fileDescriptor = fd
    }

    deinit { close() }

    public func close() {
        closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }

    /// Sends one gratuitous ARP for `address` from `hardwareAddress` (6 bytes; EINVAL otherwise).
    public func announce(_ address: IPv4Address, hardwareAddress: [UInt8]) throws(SystemCallError) {
        guard let frame = GratuitousARP(address: address, hardwareAddress: hardwareAddress)?.encoded() else {
            throw SystemCallError("announce(hardwareAddress)", errno: EINVAL)
        }
        let sent = try retryingInterrupts("sendto(AF_PACKET)") {
            frame.withUnsafeBufferPointer { bytes in
                GratuitousARP.broadcast.withUnsafeBufferPointer { destination in
                    kv_packet_send(fileDescriptor, interfaceIndex, GratuitousARP.etherTypeARP, destination.baseAddress,
                                   bytes.baseAddress, bytes.count)
                }
            }
        }
        if sent != frame.count { throw SystemCallError("sendto(AF_PACKET)", errno: EMSGSIZE) }
    }
}
