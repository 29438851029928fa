import KeepvipConfig
import KeepvipLinux
import VRRPCore

/// Gratuitous ARP from a packet socket per interface, opened on first use.
final class LinuxAnnouncer: AddressAnnouncer {
    private var sockets: [Int32: ARPAnnouncer] = [:]

    func announce(_ address: VirtualAddress, interface: String) throws {
        let name = address.device ?? interface
        let index = try LinuxAddressManager.index(of: name)
        guard case .v4(let v4) = address.address else { throw UnsupportedFamily(address: address.address) }
        guard let hardwareAddress = NetworkInterface.hardwareAddress(interfaceIndex: index) else {
            throw MissingInterface(name: name)
        }
        let socket = try sockets[index] ?? ARPAnnouncer(interfaceIndex: index)
        sockets[index] = socket
        try socket.announce(v4, hardwareAddress: hardwareAddress)
    }

    func close() {
        for socket in sockets.values { socket.close() }
        sockets.removeAll()
    }
}
