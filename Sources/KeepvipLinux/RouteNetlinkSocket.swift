import CKeepvipShim
import Glibc

/// A raw NETLINK_ROUTE socket: multicast subscriptions and synchronous dumps.
final class RouteNetlinkSocket {
    static let RTMGRP_LINK: UInt32 = 0x1
    static let RTMGRP_IPV4_IFADDR: UInt32 = 0x10
    static let RTMGRP_IPV6_IFADDR: UInt32 = 0x100

    private(set) var fileDescriptor: Int32
    let portID: UInt32
    private var buffer = [UInt8](repeating: 0, count: 65536)
    private var sequence: UInt32 = 1

    init(groups: UInt32, receiveBufferSize: Int32 = 0) throws(SystemCallError) {
        var port: UInt32 = 0
        let fd = kv_netlink_route_socket(groups, receiveBufferSize, &port)
        if fd < 0 { throw .last("socket/bind(AF_NETLINK, NETLINK_ROUTE)") }
        fileDescriptor = fd
        portID = port
    }

    deinit { close() }

    func close() {
        closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }

    enum Received {
        case messages([RouteNetlinkMessage])
        case wouldBlock
        /// ENOBUFS: the kernel dropped messages; state must be re-read.
        case overrun
    }

    /// One non-blocking recv, parsed.
    func receive() throws(SystemCallError) -> Received {
        while true {
            var truncated: Int32 = 0
            let count = buffer.withUnsafeMutableBufferPointer {
                kv_recv_truncating(fileDescriptor, $0.baseAddress, $0.count, &truncated)
            }
            if count < 0 {
                switch Glibc.errno {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return .wouldBlock
                case ENOBUFS: return .overrun
                case let code: throw SystemCallError("recv(NETLINK_ROUTE)", errno: code)
                }
            }
            // A truncated datagram loses messages just like an overrun does.
            if truncated != 0 { return .overrun }
            return .messages(RouteNetlinkMessage.parse(buffer[0..<count]))
        }
    }

    /// Sends a dump request and collects the reply until NLMSG_DONE (waiting up to 2 s per recv).
    /// Use a socket without multicast groups, or notifications mix into the reply.
    func dump(type: UInt16, family: UInt8) throws(SystemCallError) -> [RouteNetlinkMessage] {
        sequence &+= 1
        let mine = sequence
        let request = RouteNetlinkMessage.dumpRequest(type: type, family: family, sequence: mine)
        let sent = request.withUnsafeBufferPointer { Glibc.send(fileDescriptor, $0.baseAddress, $0.count, 0) }
        if sent != request.count { throw .last("send(NETLINK_ROUTE dump)") }
        var reply: [RouteNetlinkMessage] = []
        while true {
            switch try receive() {
            case .wouldBlock:
                var entry = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&entry, 1, 2000)
                if ready == 0 { throw SystemCallError("poll(NETLINK_ROUTE dump)", errno: ETIMEDOUT) }
                if ready < 0 && Glibc.errno != EINTR { throw .last("poll(NETLINK_ROUTE dump)") }
            case .overrun:
                throw SystemCallError("recv(NETLINK_ROUTE dump)", errno: ENOBUFS)
            case .messages(let messages):
                for message in messages {
                    switch message {
                    case .done(let sequence) where sequence == mine:
                        return reply
                    case .error(let sequence, let code) where sequence == mine && code != 0:
                        throw SystemCallError("NETLINK_ROUTE dump", errno: -code)
                    default:
                        reply.append(message)
                    }
                }
            }
        }
    }
}
