import CKeepvipShim
import Glibc

/// An IP packet as a packet socket captured it, from its network header on.
public struct CapturedFrame: Equatable, Sendable {
    /// The EtherType: 0x0800 IPv4, 0x86DD IPv6.
    public var etherType: UInt16
    /// Sent by this host (the capture sees both directions).
    public var isOutgoing: Bool
    public var bytes: [UInt8]

    public init(etherType: UInt16, isOutgoing: Bool, bytes: [UInt8]) {
        self.etherType = etherType
        self.isOutgoing = isOutgoing
        self.bytes = bytes
    }
}

/// An AF_PACKET socket on one interface that the kernel feeds every VRRP packet (IPv4 protocol
/// or IPv6 next header 112) the interface sees, through a classic BPF filter: adverts to any
/// destination, of any VRID, joined group or not. `promiscuous` also makes the interface accept
/// frames for other hosts while the socket is open, so unicast adverts between two other hosts are
/// seen wherever the link carries them here (a hub, a mirror port, a flooding bridge).
public final class PacketCaptureSocket {
    public let interfaceName: String
    public private(set) var fileDescriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 65_536)

    /// Packets skipped because they did not fit the buffer.
    public private(set) var truncatedCount = 0

    public init(interfaceName: String, interfaceIndex: Int32, promiscuous: Bool) throws(SystemCallError) {
        self.interfaceName = interfaceName
        let fd = kv_capture_socket(interfaceIndex, promiscuous ? 1 : 0)
        if fd < 0 { throw .last("socket(AF_PACKET, SOCK_DGRAM) on \(interfaceName)") }
        fileDescriptor = fd
    }

    deinit { close() }

    /// The next captured packet, or `nil` when none is queued.
    public func receive() throws(SystemCallError) -> CapturedFrame? {
        while true {
            var etherType: UInt16 = 0
            var packetType: UInt8 = 0
            var truncated: Int32 = 0
            let count = buffer.withUnsafeMutableBufferPointer {
                kv_capture_receive(fileDescriptor, $0.baseAddress, $0.count, &etherType, &packetType, &truncated)
            }
            if count < 0 {
                let code = Glibc.errno
                if code == EAGAIN || code == EWOULDBLOCK { return nil }
                if code == EINTR { continue }
                throw SystemCallError("recvmsg(AF_PACKET)", errno: code)
            }
            if truncated != 0 {
                truncatedCount += 1
                continue
            }
            return CapturedFrame(etherType: etherType, isOutgoing: kv_capture_is_outgoing(packetType) != 0,
                                 bytes: Array(buffer[0..<count]))
        }
    }

    /// Closes the socket (which ends promiscuous mode). Idempotent.
    public func close() {
        guard fileDescriptor >= 0 else { return }
        closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }
}
