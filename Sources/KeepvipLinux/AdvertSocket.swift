import CKeepvipShim
import Glibc
import VRRPCore

/// A VRRP advertisement as it arrived on an `AdvertSocket`.
public struct ReceivedAdvertisement: Equatable, Sendable {
    /// The IP source: the sender's primary address on the link.
    public var source: IPv4Address
    /// The IP destination: 224.0.0.18 or our unicast address.
    public var destination: IPv4Address
    /// The IP TTL as received; RFC 9568 requires 255.
    public var ttl: UInt8
    /// The VRRP packet: the bytes after the IP header (options skipped), up to the IP total length.
    public var payload: [UInt8]
    /// The interface it arrived on (IP_PKTINFO), 0 if the kernel did not say.
    public var interfaceIndex: Int32

    public init(source: IPv4Address, destination: IPv4Address, ttl: UInt8, payload: [UInt8], interfaceIndex: Int32) {
        self.source = source
        self.destination = destination
        self.ttl = ttl
        self.payload = payload
        self.interfaceIndex = interfaceIndex
    }

    /// Why a datagram was not a usable IPv4 packet.
    public enum Malformation: Error, Equatable, Sendable {
        case shorterThanHeader(length: Int)
        case notIPv4(version: UInt8)
        case badHeaderLength(ihl: UInt8)
        case badTotalLength(totalLength: Int, received: Int)
        case fragment
        case truncated
    }

    /// Parses what a raw IPv4 socket delivers: the IPv4 header (with options, per IHL) and the
    /// payload. Never traps; a malformed header yields `.failure`.
    public static func parse<Bytes: RandomAccessCollection<UInt8>>(
        datagram: Bytes, interfaceIndex: Int32
    ) -> Result<ReceivedAdvertisement, Malformation> where Bytes.Index == Int {
        var payload: [UInt8] = []
        return parse(datagram: datagram, interfaceIndex: interfaceIndex, payloadInto: &payload)
    }

    /// `parse`, with the payload copied into `payload`'s storage (kept by the socket from packet to
    /// packet) rather than into a new array.
    static func parse<Bytes: RandomAccessCollection<UInt8>>(
        datagram bytes: Bytes, interfaceIndex: Int32, payloadInto payload: inout [UInt8]
    ) -> Result<ReceivedAdvertisement, Malformation> where Bytes.Index == Int {
        let start = bytes.startIndex
        func byte(_ offset: Int) -> UInt8 { bytes[start + offset] }
        guard bytes.count >= 20 else { return .failure(.shorterThanHeader(length: bytes.count)) }
        let version = byte(0) >> 4
        guard version == 4 else { return .failure(.notIPv4(version: version)) }
        let ihl = byte(0) & 0x0F
        let headerLength = Int(ihl) * 4
        guard ihl >= 5, headerLength <= bytes.count else { return .failure(.badHeaderLength(ihl: ihl)) }
        // Linux hands raw sockets tot_len in network order (BSDs convert it to host order).
        let totalLength = Int(byte(2)) << 8 | Int(byte(3))
        guard totalLength >= headerLength, totalLength <= bytes.count else {
            return .failure(.badTotalLength(totalLength: totalLength, received: bytes.count))
        }
        // The kernel reassembles before raw delivery; a fragment here would be a bug, not data.
        let flagsAndOffset = UInt16(byte(6)) << 8 | UInt16(byte(7))
        guard flagsAndOffset & 0x3FFF == 0 else { return .failure(.fragment) }
        payload.removeAll(keepingCapacity: true)
        payload.append(contentsOf: bytes[start + headerLength..<start + totalLength])
        return .success(ReceivedAdvertisement(
            source: IPv4Address(networkBytes: bytes[start + 12..<start + 16]),
            destination: IPv4Address(networkBytes: bytes[start + 16..<start + 20]),
            ttl: byte(8),
            payload: payload,
            interfaceIndex: interfaceIndex
        ))
    }
}

/// A raw IPv4 socket for IP protocol 112 (VRRP) on one interface. The kernel writes the IP header
/// on send and delivers it on receive.
///
/// Options: SO_BINDTODEVICE, non-blocking, IP_TTL and IP_MULTICAST_TTL 255, IP_MULTICAST_LOOP off,
/// IP_MULTICAST_IF on the interface, IP_PKTINFO for the arrival interface, and membership of
/// 224.0.0.18 on the interface when asked (dropped on `close()`).
///
/// The source address is *not* applied with bind(2): a raw socket bound to an address only
/// receives packets whose destination is that address (raw_v4_match compares inet_rcv_saddr with
/// the packet's daddr), which would silently drop multicast adverts. Instead each send carries an
/// IP_PKTINFO control message with `ipi_spec_dst` = the source. The address must be local to the
/// namespace (any interface): a non-local source fails in `send` (ENETUNREACH on Linux 6.18),
/// so use the interface's own address, not a VIP that is not yet assigned.
public final class AdvertSocket {
    public static let vrrpProtocol: Int32 = 112

    public let interfaceName: String
    public let interfaceIndex: Int32
    public let sourceAddress: IPv4Address?
    public private(set) var fileDescriptor: Int32
    private var joinedMulticast: Bool
    private var buffer = [UInt8](repeating: 0, count: 4096)
    /// The last packet's payload, its storage kept so that receiving allocates nothing once the
    /// previous packet has been let go.
    private var payload: [UInt8] = []

    /// Datagrams `receive()` skipped because their IP header was malformed or they were truncated.
    public private(set) var malformedCount = 0
    /// The reason for the latest skipped datagram.
    public private(set) var lastMalformation: ReceivedAdvertisement.Malformation?

    public init(interfaceName: String, interfaceIndex: Int32, sourceAddress: IPv4Address?, joinMulticast: Bool) throws(SystemCallError) {
        self.interfaceName = interfaceName
        self.interfaceIndex = interfaceIndex
        self.sourceAddress = sourceAddress
        self.joinedMulticast = false
        let fd = socket(AF_INET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Self.vrrpProtocol)
        if fd < 0 { throw .last("socket(AF_INET, SOCK_RAW, 112)") }
        fileDescriptor = fd
        do {
            try configure(fd: fd, joinMulticast: joinMulticast)
        } catch {
            closeDescriptor(fd)
            fileDescriptor = -1
            throw error
        }
    }

    private func configure(fd: Int32, joinMulticast: Bool) throws(SystemCallError) {
        let ip = Int32(IPPROTO_IP)
        var name = Array(interfaceName.utf8)
        guard name.count < Int(IFNAMSIZ) else { throw SystemCallError("setsockopt(SO_BINDTODEVICE)", errno: ENAMETOOLONG) }
        name.append(0)
        let bound = name.withUnsafeBufferPointer {
            setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0.baseAddress, socklen_t($0.count))
        }
        if bound != 0 { throw .last("setsockopt(SO_BINDTODEVICE)") }
        try setSocketOption(fd, ip, IP_TTL, Int32(255), name: "IP_TTL")
        try setSocketOption(fd, ip, IP_MULTICAST_TTL, Int32(255), name: "IP_MULTICAST_TTL")
        try setSocketOption(fd, ip, IP_MULTICAST_LOOP, Int32(0), name: "IP_MULTICAST_LOOP")
        try setSocketOption(fd, ip, IP_PKTINFO, Int32(1), name: "IP_PKTINFO")
        let outgoing = ip_mreqn(imr_multiaddr: in_addr(s_addr: 0), imr_address: in_addr(s_addr: 0), imr_ifindex: interfaceIndex)
        try setSocketOption(fd, ip, IP_MULTICAST_IF, outgoing, name: "IP_MULTICAST_IF")
        if joinMulticast {
            try joinMulticastGroup()
        }
    }

    /// Joins 224.0.0.18 on the interface (RFC 3768 §5.2.2); idempotent.
    public func joinMulticastGroup() throws(SystemCallError) {
        guard !joinedMulticast else { return }
        try setSocketOption(fileDescriptor, Int32(IPPROTO_IP), IP_ADD_MEMBERSHIP, membership, name: "IP_ADD_MEMBERSHIP")
        joinedMulticast = true
    }

    private var membership: ip_mreqn {
        ip_mreqn(imr_multiaddr: in_addr(hostOrder: IPv4Address.vrrpMulticastGroup.value),
                 imr_address: in_addr(s_addr: 0), imr_ifindex: interfaceIndex)
    }

    deinit { close() }

    /// Leaves the multicast group and closes the socket. Idempotent.
    public func close() {
        guard fileDescriptor >= 0 else { return }
        if joinedMulticast {
            // Closing would drop the membership too; leaving explicitly makes the IGMP leave prompt.
            _ = try? setSocketOption(fileDescriptor, Int32(IPPROTO_IP), IP_DROP_MEMBERSHIP, membership, name: "IP_DROP_MEMBERSHIP")
            joinedMulticast = false
        }
        closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }

    /// Sends `payload` (the VRRP packet) to `destination`; the kernel adds the IP header with
    /// TTL 255 and the source address given at init (or the routing choice if none).
    /// `source` overrides the socket's source address for this packet, so instances with different
    /// sources can share one socket per interface.
    public func send(_ payload: [UInt8], to destination: IPv4Address, from source: IPv4Address? = nil) throws(SystemCallError) {
        let source = (source ?? sourceAddress).map { $0.value.bigEndian } ?? 0
        let sent = try retryingInterrupts("sendmsg") {
            payload.withUnsafeBufferPointer {
                kv_send_ipv4_pktinfo(fileDescriptor, $0.baseAddress, $0.count, destination.value.bigEndian, source, interfaceIndex)
            }
        }
        if sent != payload.count { throw SystemCallError("sendmsg", errno: EMSGSIZE) }
    }

    /// The next advertisement, or `nil` when the socket is drained (EAGAIN). Malformed datagrams are
    /// skipped and counted in `malformedCount`; only a real recvmsg failure throws.
    public func receive() throws(SystemCallError) -> ReceivedAdvertisement? {
        while true {
            var arrival: Int32 = 0
            var truncated: Int32 = 0
            let count = buffer.withUnsafeMutableBufferPointer {
                kv_recv_ipv4_pktinfo(fileDescriptor, $0.baseAddress, $0.count, &arrival, &truncated)
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
            switch ReceivedAdvertisement.parse(datagram: buffer[0..<count], interfaceIndex: arrival, payloadInto: &payload) {
            case .success(let advertisement):
                return advertisement
            case .failure(let malformation):
                malformedCount += 1
                lastMalformation = malformation
            }
        }
    }
}
