import CKeepvipShim
import Glibc
import VRRPCore

/// Look-ups of interface properties by name or index.
public enum NetworkInterface {
    /// if_nametoindex; `nil` if there is no such interface.
    public static func index(named name: String) -> Int32? {
        let index = if_nametoindex(name)
        return index == 0 ? nil : Int32(bitPattern: index)
    }

    /// if_indextoname; `nil` if there is no such interface.
    public static func name(ofIndex index: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        guard if_indextoname(UInt32(bitPattern: index), &buffer) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The Ethernet address (SIOCGIFHWADDR), or `nil` if the interface does not exist or is not
    /// Ethernet-like (ARPHRD_ETHER: physical NICs, veth, macvlan, bridge, bond, vlan).
    public static func hardwareAddress(named name: String) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 6)
        var type: UInt16 = 0
        let length = kv_hardware_address(name, &bytes, 6, &type)
        guard length == 6, type == 1 /* ARPHRD_ETHER */ else { return nil }
        return bytes
    }

    public static func hardwareAddress(interfaceIndex: Int32) -> [UInt8]? {
        name(ofIndex: interfaceIndex).flatMap { hardwareAddress(named: $0) }
    }
}

extension NetworkInterface {
    /// The IPv4 addresses on an interface with their prefix lengths, in kernel order (primary
    /// first), read with an RTM_GETADDR dump. Labelled addresses (`eth0:1`) are included.
    public static func ipv4Addresses(interfaceIndex: Int32) throws(SystemCallError) -> [(address: IPv4Address, prefixLength: Int)] {
        try addresses(interfaceIndex: interfaceIndex, family: 2).compactMap { entry in
            if case .v4(let v4) = entry.address { return (v4, entry.prefixLength) }
            return nil
        }
    }

    /// IPv4 and IPv6 addresses on an interface (family 0 = both), from an RTM_GETADDR dump.
    public static func addresses(interfaceIndex: Int32) throws(SystemCallError) -> [(address: IPAddress, prefixLength: Int)] {
        try addresses(interfaceIndex: interfaceIndex, family: 0)
    }

    static func addresses(interfaceIndex: Int32, family: UInt8) throws(SystemCallError) -> [(address: IPAddress, prefixLength: Int)] {
        let socket = try RouteNetlinkSocket(groups: 0)
        return try socket.dump(type: RouteNetlinkMessage.RTM_GETADDR, family: family).compactMap { message in
            guard case .address(let entry) = message, entry.interfaceIndex == interfaceIndex else { return nil }
            return (entry.address, entry.prefixLength)
        }
    }

    /// Every interface in this network namespace, from an RTM_GETLINK dump.
    public static func links() throws(SystemCallError) -> [LinkEvent] {
        let socket = try RouteNetlinkSocket(groups: 0)
        return try socket.dump(type: RouteNetlinkMessage.RTM_GETLINK, family: 0).compactMap { message in
            guard case .link(let link) = message else { return nil }
            return LinkEvent(link, kind: .added)
        }
    }
}
