import KeepvipConfig
import KeepvipLinux
import VRRPCore

/// Gratuitous ARP (IPv4) and unsolicited Neighbor Advertisements (IPv6, RFC 4861 §7.2.6) from one
/// socket per interface and family, opened on first use.
final class LinuxAnnouncer: AddressAnnouncer {
    private var arpSockets: [Int32: ARPAnnouncer] = [:]
    private var neighborSockets: [Int32: NeighborAdvertiser] = [:]

    func announce(_ address: VirtualAddress, interface: String) throws {
        let name = address.device ?? interface
        let index = try LinuxAddressManager.index(of: name)
        guard let hardwareAddress = NetworkInterface.hardwareAddress(interfaceIndex: index) else {
            throw MissingInterface(name: name)
        }
        switch address.address {
        case .v4(let v4):
            let socket = try arpSockets[index] ?? ARPAnnouncer(interfaceIndex: index)
            arpSockets[index] = socket
            try socket.announce(v4, hardwareAddress: hardwareAddress)
        case .v6(let v6):
            let socket = try neighborSockets[index] ?? NeighborAdvertiser(interfaceName: name, interfaceIndex: index)
            neighborSockets[index] = socket
            // RFC 4861 §4.4: the Router flag says whether this host forwards.
            let isRouter = (try? NetworkInterface.isIPv6ForwardingEnabled(interfaceName: name)) ?? false
            try socket.advertise(v6, hardwareAddress: hardwareAddress, isRouter: isRouter)
        }
    }

    func close() {
        for socket in arpSockets.values { socket.close() }
        for socket in neighborSockets.values { socket.close() }
        arpSockets.removeAll()
        neighborSockets.removeAll()
    }
}
