import VRRPCore

/// A decoded rtnetlink message: the parts of RTM_{NEW,DEL}{LINK,ADDR} keepvip uses.
///
/// Pure parsing of the byte stream one recv(2) on a NETLINK_ROUTE socket returns: `nlmsghdr`s
/// (host byte order, 4-byte aligned), each followed by `ifinfomsg`/`ifaddrmsg` and `rtattr`s.
/// Malformed input never traps: parsing stops at the first inconsistent length.
enum RouteNetlinkMessage: Equatable {
    struct Link: Equatable {
        var isNew: Bool
        var index: Int32
        var flags: UInt32
        var name: String?
        var hardwareAddress: [UInt8]?
    }

    struct Address: Equatable {
        var isNew: Bool
        var address: IPAddress
        var prefixLength: Int
        var interfaceIndex: Int32
        var scope: UInt8
        var label: String?
        /// ifaddrmsg's flags byte (IFA_F_*: tentative 0x40, DAD failed 0x08, ...).
        var flags: UInt8 = 0
    }

    case link(Link)
    case address(Address)
    case done(sequence: UInt32)
    /// NLMSG_ERROR: `code` is 0 for an acknowledgement, else a negative errno.
    case error(sequence: UInt32, code: Int32)
    case other(type: UInt16)

    // linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/if_addr.h
    static let NLMSG_ERROR: UInt16 = 2, NLMSG_DONE: UInt16 = 3
    static let RTM_NEWLINK: UInt16 = 16, RTM_DELLINK: UInt16 = 17, RTM_GETLINK: UInt16 = 18
    static let RTM_NEWADDR: UInt16 = 20, RTM_DELADDR: UInt16 = 21, RTM_GETADDR: UInt16 = 22
    static let IFLA_ADDRESS: UInt16 = 1, IFLA_IFNAME: UInt16 = 3
    static let IFA_ADDRESS: UInt16 = 1, IFA_LOCAL: UInt16 = 2, IFA_LABEL: UInt16 = 3
    static let IFA_F_DADFAILED: UInt8 = 0x08, IFA_F_TENTATIVE: UInt8 = 0x40
    static let NLM_F_REQUEST: UInt16 = 1, NLM_F_DUMP: UInt16 = 0x300

    static func align(_ length: Int) -> Int { (length + 3) & ~3 }

    static func parse(_ bytes: ArraySlice<UInt8>) -> [RouteNetlinkMessage] {
        var messages: [RouteNetlinkMessage] = []
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= 16 {
            let length = Int(u32(bytes, offset))
            guard length >= 16, length <= bytes.endIndex - offset else { break }
            let type = u16(bytes, offset + 4)
            let sequence = u32(bytes, offset + 8)
            let body = bytes[(offset + 16)..<(offset + length)]
            messages.append(decode(type: type, sequence: sequence, body: body))
            offset += min(align(length), bytes.endIndex - offset)
        }
        return messages
    }

    private static func decode(type: UInt16, sequence: UInt32, body: ArraySlice<UInt8>) -> RouteNetlinkMessage {
        switch type {
        case NLMSG_DONE:
            return .done(sequence: sequence)
        case NLMSG_ERROR:
            guard body.count >= 4 else { return .other(type: type) }
            return .error(sequence: sequence, code: Int32(bitPattern: u32(body, body.startIndex)))
        case RTM_NEWLINK, RTM_DELLINK:
            // ifinfomsg: family u8, pad u8, type u16, index s32, flags u32, change u32
            guard body.count >= 16 else { return .other(type: type) }
            let start = body.startIndex
            var link = Link(isNew: type == RTM_NEWLINK, index: Int32(bitPattern: u32(body, start + 4)),
                            flags: u32(body, start + 8), name: nil, hardwareAddress: nil)
            for (attribute, value) in attributes(body[(start + 16)...]) {
                switch attribute {
                case IFLA_IFNAME: link.name = string(value)
                case IFLA_ADDRESS: link.hardwareAddress = Array(value)
                default: break
                }
            }
            return .link(link)
        case RTM_NEWADDR, RTM_DELADDR:
            // ifaddrmsg: family u8, prefixlen u8, flags u8, scope u8, index u32
            guard body.count >= 8 else { return .other(type: type) }
            let start = body.startIndex
            let family = body[start]
            var local: ArraySlice<UInt8>?
            var peer: ArraySlice<UInt8>?
            var label: String?
            for (attribute, value) in attributes(body[(start + 8)...]) {
                switch attribute {
                case IFA_LOCAL: local = value
                case IFA_ADDRESS: peer = value
                case IFA_LABEL: label = string(value)
                default: break
                }
            }
            // IPv4 puts our address in IFA_LOCAL (IFA_ADDRESS is the peer on point-to-point links);
            // IPv6 sends only IFA_ADDRESS unless there is a peer.
            guard let raw = local ?? peer else { return .other(type: type) }
            let address: IPAddress
            if family == 2 /* AF_INET */, raw.count == 4 {
                address = .v4(IPv4Address(networkBytes: raw))
            } else if family == 10 /* AF_INET6 */, raw.count == 16 {
                address = .v6(IPv6Address(networkBytes: raw))
            } else {
                return .other(type: type)
            }
            return .address(Address(isNew: type == RTM_NEWADDR, address: address, prefixLength: Int(body[start + 1]),
                                    interfaceIndex: Int32(bitPattern: u32(body, start + 4)), scope: body[start + 3],
                                    label: label, flags: body[start + 2]))
        default:
            return .other(type: type)
        }
    }

    /// The rtattrs in `bytes` as (type without flag bits, value); stops at a bad length.
    static func attributes(_ bytes: ArraySlice<UInt8>) -> [(UInt16, ArraySlice<UInt8>)] {
        var result: [(UInt16, ArraySlice<UInt8>)] = []
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= 4 {
            let length = Int(u16(bytes, offset))
            guard length >= 4, length <= bytes.endIndex - offset else { break }
            result.append((u16(bytes, offset + 2) & 0x3FFF, bytes[(offset + 4)..<(offset + length)]))
            offset += min(align(length), bytes.endIndex - offset)
        }
        return result
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    // Netlink headers are in host byte order.
    static func u16(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt16 {
        UInt16(littleEndian: UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
    }

    static func u32(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
    }

    /// A dump request: nlmsghdr + an 8-byte family header (ifaddrmsg; for RTM_GETLINK the kernel
    /// accepts the short rtgenmsg-sized form too, but we send a zeroed 16-byte ifinfomsg).
    static func dumpRequest(type: UInt16, family: UInt8, sequence: UInt32) -> [UInt8] {
        let bodyLength = type == RTM_GETLINK ? 16 : 8
        let length = UInt32(16 + bodyLength)
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        var bytes = le32(length) + le16(type) + le16(NLM_F_REQUEST | NLM_F_DUMP) + le32(sequence) + le32(0)
        bytes += [family] + [UInt8](repeating: 0, count: bodyLength - 1)
        return bytes
    }
}
