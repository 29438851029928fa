import KeepvipConfig

/// Puts virtual addresses on interfaces and takes them off. The Linux one talks rtnetlink through
/// libnl-route-3; tests keep a set.
public protocol VirtualAddressManager: AnyObject {
    /// Adds the address to its `device`, or to `interface` when it names none.
    /// - Returns: false when the address was already there.
    func add(_ address: VirtualAddress, interface: String) throws -> Bool
    /// - Returns: false when the address was not there.
    func remove(_ address: VirtualAddress, interface: String) throws -> Bool
}

/// Tells the segment that this host now answers for an address: gratuitous ARP or unsolicited NA.
public protocol AddressAnnouncer: AnyObject {
    func announce(_ address: VirtualAddress, interface: String) throws
}

/// Adds and removes the routes of `virtual_routes` and the rules of `virtual_rules`. The Linux one
/// talks rtnetlink through libnl-route-3; tests keep a set.
public protocol VirtualRouteManager: AnyObject {
    /// - Returns: false when the route was already there.
    func add(_ route: VirtualRoute) throws -> Bool
    /// - Returns: false when the route was not there.
    func remove(_ route: VirtualRoute) throws -> Bool
    /// - Returns: false when the rule was already there (only a rule with a priority can be).
    func add(_ rule: VirtualRule) throws -> Bool
    /// Removes one copy. - Returns: false when the rule was not there.
    func remove(_ rule: VirtualRule) throws -> Bool
}
