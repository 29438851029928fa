import Glibc

/// SO_BINDTODEVICE with a NUL-terminated name; ENAMETOOLONG for a name that cannot be one.
func bindToDevice(_ fd: Int32, _ interfaceName: String) throws(SystemCallError) {
    var name = Array(interfaceName.utf8)
    guard name.count < Int(IFNAMSIZ) else { throw SystemCallError("setsockopt(SO_BINDTODEVICE)", errno: ENAMETOOLONG) }
    name.append(0)
    let bound = name.withUnsafeBufferPointer {
        setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0.baseAddress, socklen_t($0.count))
    }
    if bound != 0 { throw .last("setsockopt(SO_BINDTODEVICE)") }
}

/// The options every raw IPv6 socket of keepvip shares: bound to the interface, hop limit 255
/// for unicast and multicast (VRRP and Neighbor Discovery receivers both drop anything less),
/// no loopback of our own multicast, multicast sent out of the interface.
func configureIPv6Sending(_ fd: Int32, interfaceName: String, interfaceIndex: Int32) throws(SystemCallError) {
    let ipv6 = Int32(IPPROTO_IPV6)
    try bindToDevice(fd, interfaceName)
    try setSocketOption(fd, ipv6, IPV6_UNICAST_HOPS, Int32(255), name: "IPV6_UNICAST_HOPS")
    try setSocketOption(fd, ipv6, IPV6_MULTICAST_HOPS, Int32(255), name: "IPV6_MULTICAST_HOPS")
    try setSocketOption(fd, ipv6, IPV6_MULTICAST_LOOP, Int32(0), name: "IPV6_MULTICAST_LOOP")
    try setSocketOption(fd, ipv6, IPV6_MULTICAST_IF, interfaceIndex, name: "IPV6_MULTICAST_IF")
}
