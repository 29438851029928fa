import CKeepvipShim
import Glibc
import VRRPCore

/// Sends unsolicited Neighbor Advertisements on one interface through a raw ICMPv6 socket: the
/// IPv6-side counterpart of `ARPAnnouncer`.
///
/// The kernel writes the IPv6 header and computes the ICMPv6 checksum (always, for raw ICMPv6
/// sockets). Options as `AdvertSocket6`'s: SO_BINDTODEVICE, hop limit 255 (receivers drop
/// Neighbor Discovery with less, RFC 4861 §7.1.2), no multicast loopback, multicast out of the
/// interface. An ICMP6_FILTER blocks every type, so the socket receives nothing and no ICMPv6
/// traffic queues up in it unread.
public final class NeighborAdvertiser {
    public let interfaceName: String
    public let interfaceIndex: Int32
    public private(set) var fileDescriptor: Int32

    public init(interfaceName: String, interfaceIndex: Int32) throws(SystemCallError) {
        self.interfaceName = interfaceName
        self.interfaceIndex = interfaceIndex
        let fd = socket(AF_INET6, Int32(SOCK_RAW.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_ICMPV6))
        if fd < 0 { throw .last("socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)") }
        fileDescriptor = fd
        do {
            try configureIPv6Sending(fd, interfaceName: interfaceName, interfaceIndex: interfaceIndex)
            // struct icmp6_filter: 256 bits, a set bit blocks that type (netinet/icmp6.h, ICMP6_FILTER = 1).
            let blockAll: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
                (.max, .max, .max, .max, .max, .max, .max, .max)
            try setSocketOption(fd, Int32(IPPROTO_ICMPV6), 1, blockAll, name: "ICMP6_FILTER")
        } catch {
            closeDescriptor(fd)
            fileDescriptor = -1
            throw error
        }
    }

    deinit { close() }

    /// Closes the socket. Idempotent.
    public func close() {
        closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }

    /// Sends one unsolicited NA for `target` to ff02::1: Override set, Solicited clear, Router when
    /// `isRouter` (pass `NetworkInterface.isIPv6ForwardingEnabled(interfaceName:)`), the Target
    /// Link-Layer Address option with `hardwareAddress` (6 bytes; EINVAL otherwise).
    ///
    /// The source is `target` itself unless `source` says otherwise (Linux and keepalived both use
    /// the target). The kernel accepts only an assigned, non-tentative source (EINVAL from
    /// sendmsg otherwise): send after the VIP is added with IFA_F_NODAD.
    public func advertise(_ target: IPv6Address, hardwareAddress: [UInt8], isRouter: Bool = false,
                          from source: IPv6Address? = nil) throws(SystemCallError) {
        guard let message = NeighborAdvertisement(target: target, hardwareAddress: hardwareAddress, isRouter: isRouter)?.encoded() else {
            throw SystemCallError("advertise(hardwareAddress)", errno: EINVAL)
        }
        let source = source ?? target
        let sent = try retryingInterrupts("sendmsg(ICMPv6)") {
            message.withUnsafeBufferPointer { bytes in
                NeighborAdvertisement.allNodes.bytes.withUnsafeBufferPointer { to in
                    source.bytes.withUnsafeBufferPointer { from in
                        kv_send_ipv6_pktinfo(fileDescriptor, bytes.baseAddress, bytes.count, to.baseAddress, from.baseAddress, interfaceIndex)
                    }
                }
            }
        }
        if sent != message.count { throw SystemCallError("sendmsg(ICMPv6)", errno: EMSGSIZE) }
    }
}
