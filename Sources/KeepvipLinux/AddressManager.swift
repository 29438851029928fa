import CNetlinkRoute
import Glibc
import VRRPCore

/// Adds and removes interface addresses over libnl-route-3 (one NETLINK_ROUTE socket).
///
/// Calls are synchronous: libnl waits for the kernel's acknowledgement. Objects are released
/// with their `*_put` / `*_free` before each call returns.
public final class AddressManager {
    public enum AddOutcome: Equatable, Sendable {
        case added
        /// The same address and prefix length were already on the interface (EEXIST).
        case alreadyPresent
    }

    public enum RemoveOutcome: Equatable, Sendable {
        case removed
        /// The address was not on the interface.
        case wasAbsent
    }

    private var socket: OpaquePointer?

    public init() throws(NetlinkError) {
        socket = try connectedRouteSocket()
    }

    deinit { close() }

    public func close() {
        if let socket { nl_socket_free(socket) }  // also closes the fd
        socket = nil
    }

    /// Adds `address/prefixLength` to the interface (NLM_F_CREATE | NLM_F_EXCL). IPv6 addresses
    /// get IFA_F_NODAD so they are usable at once. `scope` is an RT_SCOPE_* value (default
    /// global); `label` (IPv4 only, at most 15 bytes) is the `eth0:vip` style name. The kernel
    /// (6.18) accepts a label without the interface-name prefix; only `ip` insists on it.
    @discardableResult
    public func add(_ address: IPAddress, prefixLength: Int, interfaceIndex: Int32, broadcast: IPv4Address? = nil,
                    scope: UInt8? = nil, label: String? = nil) throws(NetlinkError) -> AddOutcome {
        let object = try makeObject(address, prefixLength: prefixLength, interfaceIndex: interfaceIndex, call: "rtnl_addr_add")
        defer { rtnl_addr_put(object) }
        if let broadcast {
            guard case .v4 = address else { throw NetlinkError("rtnl_addr_set_broadcast", code: NetlinkError.invalid) }
            try setAddress(object, .v4(broadcast), call: "rtnl_addr_set_broadcast", rtnl_addr_set_broadcast)
        }
        if let scope { rtnl_addr_set_scope(object, Int32(scope)) }
        if let label {
            guard case .v4 = address else { throw NetlinkError("rtnl_addr_set_label", code: NetlinkError.invalid) }
            let result = rtnl_addr_set_label(object, label)  // -NLE_RANGE beyond IFNAMSIZ - 1
            if result < 0 { throw NetlinkError("rtnl_addr_set_label", code: result) }
        }
        if case .v6 = address { rtnl_addr_set_flags(object, UInt32(IFA_F_NODAD)) }
        let result = rtnl_addr_add(socket, object, NLM_F_EXCL)
        if result == NetlinkError.exists { return .alreadyPresent }
        if result < 0 { throw NetlinkError("rtnl_addr_add", code: result) }
        return .added
    }

    /// Removes `address/prefixLength` from the interface. An address that is not there counts as
    /// success (`.wasAbsent`). The kernel answers EADDRNOTAVAIL both for "absent" and for "present
    /// with another prefix length"; the second is an error, told apart by listing the interface.
    @discardableResult
    public func remove(_ address: IPAddress, prefixLength: Int, interfaceIndex: Int32) throws(NetlinkError) -> RemoveOutcome {
        let object = try makeObject(address, prefixLength: prefixLength, interfaceIndex: interfaceIndex, call: "rtnl_addr_delete")
        defer { rtnl_addr_put(object) }
        let result = rtnl_addr_delete(socket, object, 0)
        if result >= 0 { return .removed }
        if result == NetlinkError.noAddress {
            let present = try addresses(onInterface: interfaceIndex).contains { $0.address == address }
            if !present { return .wasAbsent }
        }
        throw NetlinkError("rtnl_addr_delete", code: result)
    }

    /// The addresses (both families) on an interface, from a fresh rtnl_addr cache.
    public func addresses(onInterface interfaceIndex: Int32) throws(NetlinkError) -> [(address: IPAddress, prefixLength: Int)] {
        var cache: OpaquePointer?
        let result = rtnl_addr_alloc_cache(socket, &cache)
        if result < 0 { throw NetlinkError("rtnl_addr_alloc_cache", code: result) }
        defer { nl_cache_free(cache) }
        var found: [(address: IPAddress, prefixLength: Int)] = []
        var object = nl_cache_get_first(cache)
        while let current = object {
            let entry = current  // struct nl_object * and struct rtnl_addr * are both OpaquePointer
            if rtnl_addr_get_ifindex(entry) == interfaceIndex, let local = rtnl_addr_get_local(entry),
               let address = Self.decode(local) {
                found.append((address, Int(rtnl_addr_get_prefixlen(entry))))
            }
            object = nl_cache_get_next(current)
        }
        return found
    }

    private func makeObject(_ address: IPAddress, prefixLength: Int, interfaceIndex: Int32, call: String) throws(NetlinkError) -> OpaquePointer {
        guard socket != nil else { throw NetlinkError(call, code: -3 /* NLE_BAD_SOCK */) }
        guard (0...address.family.maximumPrefixLength).contains(prefixLength), interfaceIndex > 0 else {
            throw NetlinkError(call, code: NetlinkError.invalid)
        }
        guard let object = rtnl_addr_alloc() else { throw NetlinkError("rtnl_addr_alloc", code: NetlinkError.noMemory) }
        rtnl_addr_set_ifindex(object, interfaceIndex)
        do {
            try setAddress(object, address, call: "rtnl_addr_set_local", rtnl_addr_set_local)
        } catch {
            rtnl_addr_put(object)
            throw error
        }
        // After set_local: libnl copies the nl_addr's own prefix length (0 here) into the object.
        rtnl_addr_set_prefixlen(object, Int32(prefixLength))
        return object
    }

    private func setAddress(_ object: OpaquePointer, _ address: IPAddress, call: String,
                            _ setter: (OpaquePointer?, OpaquePointer?) -> Int32) throws(NetlinkError) {
        let result = try withNetlinkAddress(address) { setter(object, $0) }
        if result < 0 { throw NetlinkError(call, code: result) }
    }

    private static func decode(_ address: OpaquePointer) -> IPAddress? {
        guard let raw = nl_addr_get_binary_addr(address) else { return nil }
        let length = Int(nl_addr_get_len(address))
        let bytes = UnsafeRawBufferPointer(start: raw, count: length)
        switch (nl_addr_get_family(address), length) {
        case (AF_INET, 4): return .v4(IPv4Address(networkBytes: bytes))
        case (AF_INET6, 16): return .v6(IPv6Address(networkBytes: bytes))
        default: return nil
        }
    }
}
