import CKeepvipShim
import Glibc
import VRRPCore

/// A send-only raw IPv4 socket whose packets carry the IP header the caller built (IPPROTO_RAW,
/// which implies IP_HDRINCL), bound to one interface. It lets `keepvip peer` send from an address
/// that is not configured anywhere: the kernel routes on the destination, fills in a zero
/// identification and the header checksum (it recomputes it), and keeps the given source.
/// Multicast leaves through the interface and is not looped back.
public final class HeaderIncludedSocket {
    public let interfaceName: String
    public private(set) var fileDescriptor: Int32

    public init(interfaceName: String, interfaceIndex: Int32) throws(SystemCallError) {
        self.interfaceName = interfaceName
        let fd = kv_header_included_socket(interfaceName, interfaceIndex)
        if fd < 0 { throw .last("socket(AF_INET, SOCK_RAW, IPPROTO_RAW) on \(interfaceName)") }
        fileDescriptor = fd
    }

    deinit { close() }

    /// Sends `packet`, a whole IPv4 packet, to `destination`.
    public func send(_ packet: [UInt8], to destination: IPv4Address) throws(SystemCallError) {
        let sent = try retryingInterrupts("sendto(IPPROTO_RAW, \(destination))") {
            packet.withUnsafeBufferPointer {
                kv_send_header_included(fileDescriptor, $0.baseAddress, $0.count, destination.value.bigEndian)
            }
        }
        if sent != packet.count { throw SystemCallError("sendto(IPPROTO_RAW, \(destination))", errno: EMSGSIZE) }
    }

    /// Idempotent.
    public func close() {
        guard fileDescriptor >= 0 else { return }
        closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }
}
