import KeepvipConfig

/// What an Active instance puts into the kernel: its addresses (`virtual_ipaddress` and
/// `virtual_ipaddress_excluded`), `virtual_routes` and `virtual_rules`, each in file order.
struct ManagedItems {
    var addresses: [VirtualAddress]
    var routes: [VirtualRoute]
    var rules: [VirtualRule]

    init(_ instance: InstanceConfiguration) {
        addresses = instance.managedAddresses
        routes = instance.virtualRoutes
        rules = instance.virtualRules
    }

    var isEmpty: Bool { addresses.isEmpty && routes.isEmpty && rules.isEmpty }

    /// The items of `self` that `other` does not have, in `self`'s order.
    func subtracting(_ other: ManagedItems) -> ManagedItems {
        var result = self
        let otherAddresses = Set(other.addresses), otherRoutes = Set(other.routes), otherRules = Set(other.rules)
        result.addresses.removeAll { otherAddresses.contains($0) }
        result.routes.removeAll { otherRoutes.contains($0) }
        result.rules.removeAll { otherRules.contains($0) }
        return result
    }

    /// `VIP 192.0.2.10/24, route 198.51.100.0/24 via 192.0.2.1`.
    var summary: String {
        (addresses.map { "VIP \($0)" } + routes.map { "route \($0)" } + rules.map { "rule \($0)" })
            .joined(separator: ", ")
    }
}
