import Glibc

extension AdvertSocket6 {
    /// Lets `send(_:to:from:)` use a source address that is not configured on this host
    /// (IPV6_FREEBIND: the kernel then takes the IPV6_PKTINFO source as given). There is no
    /// IPV6_HDRINCL for raw IPv6 sockets; this is the IPv6 way to put any source on the wire.
    public func allowNonlocalSource() throws(SystemCallError) {
        try setSocketOption(fileDescriptor, Int32(IPPROTO_IPV6), IPV6_FREEBIND, Int32(1), name: "IPV6_FREEBIND")
    }
}
