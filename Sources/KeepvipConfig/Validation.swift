import VRRPCore

/// Checks across instances: unique names, and one VRID per interface and family.
enum Validation {
    static func check(_ instances: [InstanceConfiguration], diagnostics: inout DiagnosticLog) {
        var names: [String: SourceLocation] = [:]
        for instance in instances {
            if let first = names[instance.name] {
                diagnostics.error(
                    "vrrp_instance '\(instance.name)' is defined twice (first at \(first)); rename one of them",
                    at: instance.location)
            } else {
                names[instance.name] = instance.location
            }
        }

        struct Key: Hashable {
            var interface: String
            var family: AddressFamily
            var virtualRouterID: UInt8
        }
        var owners: [Key: InstanceConfiguration] = [:]
        for instance in instances {
            let key = Key(interface: instance.interface, family: instance.family, virtualRouterID: instance.virtualRouterID)
            if let first = owners[key] {
                diagnostics.error(
                    "virtual_router_id \(instance.virtualRouterID) is already used for \(instance.family) on interface "
                        + "\(instance.interface) by vrrp_instance '\(first.name)' at \(first.location); give "
                        + "vrrp_instance '\(instance.name)' a different virtual_router_id",
                    at: instance.location)
            } else {
                owners[key] = instance
            }
        }
    }
}
