import KeepvipConfig
import KeepvipLinux
import VRRPCore

/// Virtual addresses through rtnetlink (libnl-route-3).
final class LinuxAddressManager: VirtualAddressManager {
    private let manager: AddressManager

    init() throws {
        manager = try AddressManager()
    }

    func add(_ address: VirtualAddress, interface: String) throws -> Bool {
        let index = try Self.index(of: address.device ?? interface)
        let outcome = try manager.add(
            address.address, prefixLength: address.prefixLength, interfaceIndex: index,
            broadcast: address.broadcast, scope: address.scope?.value, label: address.label
        )
        return outcome == .added
    }

    func remove(_ address: VirtualAddress, interface: String) throws -> Bool {
        let index = try Self.index(of: address.device ?? interface)
        return try manager.remove(address.address, prefixLength: address.prefixLength, interfaceIndex: index) == .removed
    }

    static func index(of interface: String) throws -> Int32 {
        guard let index = NetworkInterface.index(named: interface) else { throw MissingInterface(name: interface) }
        return index
    }
}

struct MissingInterface: Error, CustomStringConvertible {
    var name: String
    var description: String { "interface \(name) does not exist" }
}
