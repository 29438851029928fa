import CKeepvipShim
import Glibc
import VRRPCore

/// A VRRPv3 advertisement as it arrived on an `AdvertSocket6`.
public struct ReceivedAdvertisement6: Equatable, Sendable {
    /// The IPv6 source: the sender's link-local address when it follows RFC 9568 §5.1.2.1.
    public var source: IPv6Address
    /// The IPv6 destination (IPV6_PKTINFO): ff02::12 or our unicast address.
    public var destination: IPv6Address
    /// The hop limit as received (IPV6_HOPLIMIT); RFC 9568 §7.1 requires 255.
    public var hopLimit: UInt8
    /// The VRRP packet: what follows the IPv6 header and any extension headers.
    public var payload: [UInt8]
    /// The interface it arrived on (IPV6_PKTINFO).
    public var interfaceIndex: Int32

    public init(source: IPv6Address, destination: IPv6Address, hopLimit: UInt8, payload: [UInt8], interfaceIndex: Int32) {
        self.source = source
        self.destination = destination
        self.hopLimit = hopLimit
        self.payload = payload
        self.interfaceIndex = interfaceIndex
    }

    /// Why a datagram was skipped.
    public enum Malformation: Error, Equatable, Sendable {
        /// Longer than the receive buffer, or its control data did not fit.
        case truncated
        /// The kernel gave no IPV6_HOPLIMIT or IPV6_PKTINFO control message.
        case missingControlData
    }
}

/// A raw IPv6 socket for next header 112 (VRRP) on one interface. An IPv6 raw socket neither
/// takes nor shows the IPv6 header: the kernel writes it on send, and on receive the hop limit,
/// destination and arrival interface come as IPV6_HOPLIMIT / IPV6_PKTINFO control messages.
///
/// Options: SO_BINDTODEVICE, non-blocking, IPV6_UNICAST_HOPS and IPV6_MULTICAST_HOPS 255,
/// IPV6_MULTICAST_LOOP off, IPV6_MULTICAST_IF the interface, IPV6_RECVHOPLIMIT and
/// IPV6_RECVPKTINFO on, and membership of ff02::12 on the interface when asked (RFC 9568
/// §5.1.2.2; dropped on `close()`).
///
/// Checksum: IPV6_CHECKSUM is deliberately *not* set, so the kernel neither computes nor checks
/// the VRRP checksum. The caller computes it over the RFC 8200 §8.1 pseudo-header
/// (`Advertisement.encoded(checksum: .pseudoHeader(source:destination:))`, with the same
/// `source` it passes to `send`), and a received packet with a bad checksum reaches userspace,
/// where it is counted and logged instead of vanishing inside the kernel (which is what
/// IPV6_CHECKSUM = 6 would do). So always pass `from:`: without it the kernel picks the source and
/// the checksum cannot be right.
///
/// The source is applied per packet with IPV6_PKTINFO, not bind(2), for the same reason as in
/// `AdvertSocket`: a raw socket bound to an address receives only packets sent to it. The kernel
/// accepts only a source that is assigned and not tentative (EINVAL otherwise, from
/// ip6_datagram_send_ctl): use the interface's link-local address (RFC 9568 §5.1.2.1), and wait
/// for or disable DAD on it.
public final class AdvertSocket6 {
    public static let vrrpProtocol: Int32 = 112

    public let interfaceName: String
    public let interfaceIndex: Int32
    public let sourceAddress: IPv6Address?
    public private(set) var fileDescriptor: Int32
    private var joinedMulticast: Bool
    private var buffer = [UInt8](repeating: 0, count: 4096)
    /// What `receive()` fills in, kept from packet to packet so that receiving allocates nothing
    /// once the previous packet has been let go.
    private var sourceBytes = [UInt8](repeating: 0, count: 16)
    private var destinationBytes = [UInt8](repeating: 0, count: 16)
    private var payload: [UInt8] = []

    /// Datagrams `receive()` skipped (truncated, or without control data).
    public private(set) var malformedCount = 0
    /// The reason for the latest skipped datagram.
    public private(set) var lastMalformation: ReceivedAdvertisement6.Malformation?

    /// `sourceAddress` is the default for `send(_:to:from:)`: normally the interface's link-local
    /// address (`NetworkInterface.linkLocalIPv6Address(interfaceIndex:)`).
    public init(interfaceName: String, interfaceIndex: Int32, sourceAddress: IPv6Address?, joinMulticast: Bool) throws(SystemCallError) {
        self.interfaceName = interfaceName
        self.interfaceIndex = interfaceIndex
        self.sourceAddress = sourceAddress
        self.joinedMulticast = false
        let fd = socket(AF_INET6, Int32(SOCK_RAW.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Self.vrrpProtocol)
        if fd < 0 { throw .last("socket(AF_INET6, SOCK_RAW, 112)") }
        fileDescriptor = fd
        do {
            try configureIPv6Sending(fd, interfaceName: interfaceName, interfaceIndex: interfaceIndex)
            let ipv6 = Int32(IPPROTO_IPV6)
            try setSocketOption(fd, ipv6, IPV6_RECVHOPLIMIT, Int32(1), name: "IPV6_RECVHOPLIMIT")
            try setSocketOption(fd, ipv6, IPV6_RECVPKTINFO, Int32(1), name: "IPV6_RECVPKTINFO")
            if joinMulticast { try joinMulticastGroup() }
        } catch {
            closeDescriptor(fd)
            fileDescriptor = -1
            throw error
        }
    }

    /// Joins ff02::12 on the interface (RFC 9568 §5.1.2.2); idempotent.
    public func joinMulticastGroup() throws(SystemCallError) {
        guard !joinedMulticast else { return }
        let result = IPv6Address.vrrpMulticastGroup.withNetworkBytes {
            kv_ipv6_membership(fileDescriptor, $0.bytePointer, interfaceIndex, 1)
        }
        if result != 0 { throw .last("setsockopt(IPV6_JOIN_GROUP)") }
        joinedMulticast = true
    }

    deinit { close() }

    /// Leaves the multicast group and closes the socket. Idempotent.
    public func close() {
        guard fileDescriptor >= 0 else { return }
        if joinedMulticast {
            // Closing would drop the membership too; leaving explicitly makes the MLD Done prompt.
            _ = IPv6Address.vrrpMulticastGroup.withNetworkBytes {
                kv_ipv6_membership(fileDescriptor, $0.bytePointer, interfaceIndex, 0)
            }
            joinedMulticast = false
        }
        closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }

    /// Sends `payload` (the VRRP packet, checksum already filled in) to `destination` with hop
    /// limit 255. `source` overrides the socket's source address for this packet; with neither,
    /// the kernel chooses. The destination's scope is this interface (needed for ff02::12 and
    /// fe80::/10; ignored for global addresses).
    public func send(_ payload: [UInt8], to destination: IPv6Address, from source: IPv6Address? = nil) throws(SystemCallError) {
        let source = source ?? sourceAddress
        let sent = try retryingInterrupts("sendmsg") {
            payload.withUnsafeBufferPointer { bytes in
                destination.withNetworkBytes { to in
                    if let source {
                        source.withNetworkBytes { from in
                            kv_send_ipv6_pktinfo(fileDescriptor, bytes.baseAddress, bytes.count, to.bytePointer, from.bytePointer, interfaceIndex)
                        }
                    } else {
                        kv_send_ipv6_pktinfo(fileDescriptor, bytes.baseAddress, bytes.count, to.bytePointer, nil, interfaceIndex)
                    }
                }
            }
        }
        if sent != payload.count { throw SystemCallError("sendmsg", errno: EMSGSIZE) }
    }

    /// The next advertisement, or `nil` when the socket is drained (EAGAIN). Datagrams that were
    /// truncated or came without control data are skipped and counted in `malformedCount`; only a
    /// real recvmsg failure throws. The checksum is not checked here (see the type's note).
    public func receive() throws(SystemCallError) -> ReceivedAdvertisement6? {
        while true {
            var arrival: Int32 = 0
            var hopLimit: Int32 = -1
            var truncated: Int32 = 0
            let count = buffer.withUnsafeMutableBufferPointer {
                kv_recv_ipv6_pktinfo(fileDescriptor, $0.baseAddress, $0.count, &sourceBytes, &destinationBytes, &arrival, &hopLimit, &truncated)
            }
            if count < 0 {
                let code = Glibc.errno
                if code == EAGAIN || code == EWOULDBLOCK { return nil }
                if code == EINTR { continue }
                throw SystemCallError("recvmsg", errno: code)
            }
            if truncated != 0 {
                malformedCount += 1
                lastMalformation = .truncated
                continue
            }
            guard (0...255).contains(hopLimit), arrival != 0 else {
                malformedCount += 1
                lastMalformation = .missingControlData
                continue
            }
            payload.removeAll(keepingCapacity: true)
            payload.append(contentsOf: buffer[0..<count])
            return ReceivedAdvertisement6(
                source: IPv6Address(networkBytes: sourceBytes),
                destination: IPv6Address(networkBytes: destinationBytes),
                hopLimit: UInt8(hopLimit),
                payload: payload,
                interfaceIndex: arrival
            )
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes as the C shim takes them.
    fileprivate var bytePointer: UnsafePointer<UInt8>? { baseAddress?.assumingMemoryBound(to: UInt8.self) }
}
