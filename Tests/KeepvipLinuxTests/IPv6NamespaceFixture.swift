import Glibc
import Testing
import VRRPCore
@testable import KeepvipLinux

/// Two namespaces joined by a veth pair for IPv6: `a`/`va` 2001:db8::1/64 and `b`/`vb`
/// 2001:db8::2/64, with DAD off in both (set before the veth exists, so the link-local addresses
/// are usable as soon as the links are up). Removed on every path, like `VethPair`.
final class VethPair6 {
    let a: TestNamespace
    let b: TestNamespace
    private(set) var aIndex: Int32 = 0
    private(set) var bIndex: Int32 = 0
    private(set) var aLinkLocal = IPv6Address.vrrpMulticastGroup
    private(set) var bLinkLocal = IPv6Address.vrrpMulticastGroup
    static let aAddress = IPv6Address("2001:db8::1")!
    static let bAddress = IPv6Address("2001:db8::2")!

    init(_ tag: String) throws {
        a = try TestNamespace("\(tag)-a")
        do {
            b = try TestNamespace("\(tag)-b")
        } catch {
            a.remove()
            throw error
        }
        do {
            for ns in [a, b] {
                try run("/usr/sbin/ip", ["netns", "exec", ns.name, "sysctl", "-qw",
                                         "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"])
            }
            try run("/usr/sbin/ip", ["link", "add", "va", "netns", a.name, "type", "veth", "peer", "name", "vb", "netns", b.name])
            try a.ip("addr", "add", "2001:db8::1/64", "dev", "va", "nodad")
            try b.ip("addr", "add", "2001:db8::2/64", "dev", "vb", "nodad")
            try a.ip("link", "set", "va", "up")
            try b.ip("link", "set", "vb", "up")
            (aIndex, aLinkLocal) = try Self.linkLocal(in: a, "va")
            (bIndex, bLinkLocal) = try Self.linkLocal(in: b, "vb")
        } catch {
            remove()
            throw error
        }
    }

    /// The interface's index and link-local address, waiting up to 3 s for the address.
    private static func linkLocal(in ns: TestNamespace, _ name: String) throws -> (Int32, IPv6Address) {
        try ns.enter {
            let index = try #require(NetworkInterface.index(named: name))
            let deadline = MonotonicClock.now() + .seconds(3)
            while true {
                if let address = try NetworkInterface.linkLocalIPv6Address(interfaceIndex: index) { return (index, address) }
                guard MonotonicClock.now() < deadline else { throw CommandFailure(command: "link-local on \(name)", status: -1, output: "none") }
                usleep(20_000)
            }
        }
    }

    func remove() {
        a.remove()
        b.remove()
    }

    deinit { remove() }
}
