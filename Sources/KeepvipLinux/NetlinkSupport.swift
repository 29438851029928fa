import CNetlinkRoute
import Glibc
import VRRPCore

/// libnl's `struct nl_addr` for an `IPAddress`: built with one reference, which `body` may pass to
/// setters (they take their own) and which is dropped when `body` returns.
func withNetlinkAddress<T>(
    _ address: IPAddress, prefixLength: Int? = nil, _ body: (OpaquePointer) throws(NetlinkError) -> T
) throws(NetlinkError) -> T {
    let (family, bytes): (Int32, [UInt8]) = switch address {
    case .v4(let v4): (AF_INET, v4.networkBytes)
    case .v6(let v6): (AF_INET6, v6.bytes)
    }
    let built = bytes.withUnsafeBytes { nl_addr_build(family, $0.baseAddress, $0.count) }
    guard let built else { throw NetlinkError("nl_addr_build", code: NetlinkError.noMemory) }
    defer { nl_addr_put(built) }
    if let prefixLength { nl_addr_set_prefixlen(built, Int32(prefixLength)) }
    return try body(built)
}

/// A libnl socket connected to NETLINK_ROUTE; the caller frees it with `nl_socket_free`.
func connectedRouteSocket() throws(NetlinkError) -> OpaquePointer {
    guard let socket = nl_socket_alloc() else { throw NetlinkError("nl_socket_alloc", code: NetlinkError.noMemory) }
    let result = nl_connect(socket, NETLINK_ROUTE)
    if result < 0 {
        nl_socket_free(socket)
        throw NetlinkError("nl_connect", code: result)
    }
    return socket
}
