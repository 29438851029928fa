import Glibc
import VRRPCore

extension NetworkInterface {
    /// The interface's usable link-local IPv6 address (fe80::/10, not tentative and not failed
    /// DAD), the source RFC 9568 §5.1.2.1 asks for; `nil` if it has none yet. A link going down
    /// flushes it, and with DAD on it is tentative for about a second after the link comes up.
    public static func linkLocalIPv6Address(interfaceIndex: Int32) throws(SystemCallError) -> IPv6Address? {
        let socket = try RouteNetlinkSocket(groups: 0)
        let unusable = RouteNetlinkMessage.IFA_F_TENTATIVE | RouteNetlinkMessage.IFA_F_DADFAILED
        for message in try socket.dump(type: RouteNetlinkMessage.RTM_GETADDR, family: 10 /* AF_INET6 */) {
            guard case .address(let entry) = message, entry.interfaceIndex == interfaceIndex,
                  case .v6(let address) = entry.address, address.isLinkLocal,
                  entry.flags & unusable == 0 else { continue }
            return address
        }
        return nil
    }

    /// Whether `/proc/sys/net/ipv6/conf/NAME/forwarding` is on (non-zero) in the caller's network
    /// namespace: the host routes, so its Neighbor Advertisements carry the Router flag.
    public static func isIPv6ForwardingEnabled(interfaceName: String) throws(SystemCallError) -> Bool {
        guard !interfaceName.isEmpty, !interfaceName.contains("/"), interfaceName != ".", interfaceName != ".." else {
            throw SystemCallError("open(forwarding)", errno: EINVAL)
        }
        let path = "/proc/sys/net/ipv6/conf/\(interfaceName)/forwarding"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw .last("open(\(path))") }
        defer { closeDescriptor(fd) }
        var bytes = [UInt8](repeating: 0, count: 16)
        let count = try retryingInterrupts("read(\(path))") {
            bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        }
        let text = bytes.prefix(count).prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard let value = Int(String(decoding: text, as: UTF8.self)) else { throw SystemCallError("read(\(path))", errno: EINVAL) }
        return value != 0
    }
}
