import Glibc
import VRRPCore

/// A change to a network interface.
public struct LinkEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// First seen since the monitor started (created, or moved into this namespace).
        case added
        case changed
        /// Deleted or moved out of the namespace.
        case removed
    }

    public var kind: Kind
    public var interfaceIndex: Int32
    public var name: String
    /// IFF_UP: administratively up.
    public var isUp: Bool
    /// IFF_RUNNING: operationally up (carrier and RFC 2863 operstate).
    public var isRunning: Bool
    /// IFF_LOWER_UP: the driver reports carrier.
    public var hasCarrier: Bool
    public var hardwareAddress: [UInt8]?

    public init(kind: Kind, interfaceIndex: Int32, name: String, isUp: Bool, isRunning: Bool, hasCarrier: Bool, hardwareAddress: [UInt8]?) {
        self.kind = kind
        self.interfaceIndex = interfaceIndex
        self.name = name
        self.isUp = isUp
        self.isRunning = isRunning
        self.hasCarrier = hasCarrier
        self.hardwareAddress = hardwareAddress
    }

    init(_ link: RouteNetlinkMessage.Link, kind: Kind) {
        self.init(kind: kind, interfaceIndex: link.index, name: link.name ?? "", isUp: link.flags & 0x1 != 0,
                  isRunning: link.flags & 0x40 != 0, hasCarrier: link.flags & 0x10000 != 0,
                  hardwareAddress: link.hardwareAddress)
    }
}

/// An address appearing on or leaving an interface.
public struct AddressEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case added, removed }
    public var kind: Kind
    public var address: IPAddress
    public var prefixLength: Int
    public var interfaceIndex: Int32
    public var label: String?

    public init(kind: Kind, address: IPAddress, prefixLength: Int, interfaceIndex: Int32, label: String?) {
        self.kind = kind
        self.address = address
        self.prefixLength = prefixLength
        self.interfaceIndex = interfaceIndex
        self.label = label
    }
}

/// Watches link and address changes through a NETLINK_ROUTE socket subscribed to
/// RTMGRP_LINK, RTMGRP_IPV4_IFADDR and RTMGRP_IPV6_IFADDR.
///
/// Register `fileDescriptor` with the `EventLoop` and call `drain()` when it is readable.
/// The kernel sends RTM_NEWLINK both for creation and for every change, so `kind` is derived
/// from the set of indexes seen (seeded with a dump at init): first sight is `.added`.
/// When the socket overflows (ENOBUFS) events are lost: `drain()` reports `.overrun` and the
/// caller must re-read the state it cares about (`NetworkInterface.links()` and addresses).
/// Setting a link down flushes its IPv6 addresses (RTM_DELADDR events follow the link event);
/// IPv4 addresses stay. A VIP owner must re-add IPv6 VIPs when the link comes back.
public final class LinkMonitor {
    public enum Event: Equatable, Sendable {
        case link(LinkEvent)
        case address(AddressEvent)
        /// Notifications were dropped by the kernel; re-read state.
        case overrun
    }

    private let socket: RouteNetlinkSocket
    private var known: Set<Int32>

    public var fileDescriptor: Int32 { socket.fileDescriptor }

    public init() throws(SystemCallError) {
        // Subscribe before the seeding dump, so no change falls between the two.
        socket = try RouteNetlinkSocket(
            groups: RouteNetlinkSocket.RTMGRP_LINK | RouteNetlinkSocket.RTMGRP_IPV4_IFADDR | RouteNetlinkSocket.RTMGRP_IPV6_IFADDR,
            receiveBufferSize: 1 << 20)
        known = Set(try NetworkInterface.links().map(\.interfaceIndex))
    }

    public func close() { socket.close() }

    /// Everything queued on the socket, without blocking; `[]` when nothing is pending.
    public func drain() throws(SystemCallError) -> [Event] {
        var events: [Event] = []
        while true {
            switch try socket.receive() {
            case .wouldBlock:
                return events
            case .overrun:
                events.append(.overrun)
            case .messages(let messages):
                for message in messages {
                    switch message {
                    case .link(let link):
                        let kind: LinkEvent.Kind
                        if !link.isNew {
                            kind = .removed
                            known.remove(link.index)
                        } else {
                            kind = known.insert(link.index).inserted ? .added : .changed
                        }
                        events.append(.link(LinkEvent(link, kind: kind)))
                    case .address(let entry):
                        events.append(.address(AddressEvent(kind: entry.isNew ? .added : .removed, address: entry.address,
                                                            prefixLength: entry.prefixLength,
                                                            interfaceIndex: entry.interfaceIndex, label: entry.label)))
                    default:
                        break
                    }
                }
            }
        }
    }

    /// Only the link events of `drain()`.
    public func drainLinks() throws(SystemCallError) -> [LinkEvent] {
        try drain().compactMap { if case .link(let link) = $0 { return link } else { return nil } }
    }
}
