import CNetlinkRoute
import Glibc
import VRRPCore

/// One route as rtnetlink takes it: what `ip route add` would be given.
public struct KernelRoute: Hashable, Sendable {
    public enum Kind: UInt8, Sendable {
        case unicast = 1      // RTN_UNICAST
        case blackhole = 6    // RTN_BLACKHOLE
        case unreachable = 7  // RTN_UNREACHABLE
        case prohibit = 8     // RTN_PROHIBIT
        case `throw` = 9      // RTN_THROW
    }

    public var destination: IPAddress
    public var prefixLength: Int
    public var kind: Kind
    /// Several gateways make a multipath route (one nexthop each).
    public var gateways: [IPAddress]
    /// The output interface; nil lets the kernel find it from the gateway.
    public var interfaceIndex: Int32?
    /// The preferred source address (`src`).
    public var source: IPAddress?
    /// RT_SCOPE_*; nil lets libnl choose (link without a gateway, universe with one).
    public var scope: UInt8?
    /// nil: the main table.
    public var table: UInt32?
    public var metric: UInt32?
    public var onLink: Bool

    public init(
        destination: IPAddress, prefixLength: Int, kind: Kind = .unicast, gateways: [IPAddress] = [],
        interfaceIndex: Int32? = nil, source: IPAddress? = nil, scope: UInt8? = nil, table: UInt32? = nil,
        metric: UInt32? = nil, onLink: Bool = false
    ) {
        self.destination = destination
        self.prefixLength = prefixLength
        self.kind = kind
        self.gateways = gateways
        self.interfaceIndex = interfaceIndex
        self.source = source
        self.scope = scope
        self.table = table
        self.metric = metric
        self.onLink = onLink
    }
}

/// Adds and removes routes and policy-routing rules over libnl-route-3 (one NETLINK_ROUTE socket).
/// Both carry protocol RTPROT_KEEPALIVED (18), so `ip route show proto keepalived` and
/// `ip rule show proto keepalived` list what a VRRP daemon put there.
public final class RouteManager {
    public enum AddOutcome: Equatable, Sendable { case added, alreadyPresent }
    public enum RemoveOutcome: Equatable, Sendable { case removed, wasAbsent }

    /// RTPROT_KEEPALIVED in linux/rtnetlink.h.
    public static let routeProtocol: UInt8 = 18
    private var socket: OpaquePointer?

    public init() throws(NetlinkError) {
        socket = try connectedRouteSocket()
    }

    deinit { close() }

    public func close() {
        if let socket { nl_socket_free(socket) }
        socket = nil
    }

    /// Adds the route (NLM_F_CREATE | NLM_F_EXCL).
    @discardableResult
    public func add(_ route: KernelRoute) throws(NetlinkError) -> AddOutcome {
        let object = try makeObject(route, call: "rtnl_route_add")
        defer { rtnl_route_put(object) }
        let result = rtnl_route_add(socket, object, NLM_F_EXCL)
        if result == NetlinkError.exists { return .alreadyPresent }
        if result < 0 { throw NetlinkError("rtnl_route_add", code: result) }
        return .added
    }

    /// Removes the route; one that is not there counts as success (`.wasAbsent`).
    @discardableResult
    public func remove(_ route: KernelRoute) throws(NetlinkError) -> RemoveOutcome {
        let object = try makeObject(route, call: "rtnl_route_delete")
        defer { rtnl_route_put(object) }
        let result = rtnl_route_delete(socket, object, 0)
        if result == NetlinkError.notFound { return .wasAbsent }
        if result < 0 { throw NetlinkError("rtnl_route_delete", code: result) }
        return .removed
    }

    /// Adds the rule (NLM_F_CREATE | NLM_F_EXCL). The kernel tells a copy only by its priority: a
    /// rule without one gets a new number each time, so adding it twice makes two rules.
    @discardableResult
    public func add(_ rule: KernelRule) throws(NetlinkError) -> AddOutcome {
        let object = try makeObject(rule, call: "rtnl_rule_add")
        defer { rtnl_rule_put(object) }
        let result = rtnl_rule_add(socket, object, NLM_F_EXCL)
        if result == NetlinkError.exists { return .alreadyPresent }
        if result < 0 { throw NetlinkError("rtnl_rule_add", code: result) }
        return .added
    }

    /// Removes the rule; one that is not there counts as success (`.wasAbsent`).
    @discardableResult
    public func remove(_ rule: KernelRule) throws(NetlinkError) -> RemoveOutcome {
        let object = try makeObject(rule, call: "rtnl_rule_delete")
        defer { rtnl_rule_put(object) }
        let result = rtnl_rule_delete(socket, object, 0)
        if result == NetlinkError.notFound { return .wasAbsent }
        if result < 0 { throw NetlinkError("rtnl_rule_delete", code: result) }
        return .removed
    }

    private func makeObject(_ rule: KernelRule, call: String) throws(NetlinkError) -> OpaquePointer {
        guard socket != nil else { throw NetlinkError(call, code: -3 /* NLE_BAD_SOCK */) }
        let prefixes = [rule.source, rule.destination].compactMap { $0 }
        guard prefixes.allSatisfy({ $0.address.family == rule.family
                && (0...rule.family.maximumPrefixLength).contains($0.prefixLength) })
        else { throw NetlinkError(call, code: NetlinkError.invalid) }
        guard let object = rtnl_rule_alloc() else { throw NetlinkError("rtnl_rule_alloc", code: NetlinkError.noMemory) }
        do {
            try fill(object, with: rule)
        } catch {
            rtnl_rule_put(object)
            throw error
        }
        return object
    }

    private func fill(_ object: OpaquePointer, with rule: KernelRule) throws(NetlinkError) {
        rtnl_rule_set_family(object, rule.family == .ipv4 ? AF_INET : AF_INET6)
        if let (address, length) = rule.source {
            let result = try withNetlinkAddress(address, prefixLength: length) { rtnl_rule_set_src(object, $0) }
            if result < 0 { throw NetlinkError("rtnl_rule_set_src", code: result) }
        }
        if let (address, length) = rule.destination {
            let result = try withNetlinkAddress(address, prefixLength: length) { rtnl_rule_set_dst(object, $0) }
            if result < 0 { throw NetlinkError("rtnl_rule_set_dst", code: result) }
        }
        rtnl_rule_set_action(object, rule.action.rawValue)
        if rule.action == .lookup { rtnl_rule_set_table(object, rule.table ?? 254 /* RT_TABLE_MAIN */) }
        if let priority = rule.priority { rtnl_rule_set_prio(object, priority) }
        if let mark = rule.firewallMark { rtnl_rule_set_mark(object, mark) }
        if let mask = rule.firewallMask { rtnl_rule_set_mask(object, mask) }
        for (name, setter, call) in [
            (rule.inputInterface, rtnl_rule_set_iif, "rtnl_rule_set_iif"),
            (rule.outputInterface, rtnl_rule_set_oif, "rtnl_rule_set_oif"),
        ] {
            guard let name else { continue }
            let result = setter(object, name)
            if result < 0 { throw NetlinkError(call, code: result) }
        }
        let result = rtnl_rule_set_protocol(object, Self.routeProtocol)
        if result < 0 { throw NetlinkError("rtnl_rule_set_protocol", code: result) }
    }

    private func makeObject(_ route: KernelRoute, call: String) throws(NetlinkError) -> OpaquePointer {
        guard socket != nil else { throw NetlinkError(call, code: -3 /* NLE_BAD_SOCK */) }
        let family = route.destination.family
        guard (0...family.maximumPrefixLength).contains(route.prefixLength),
              route.gateways.allSatisfy({ $0.family == family }), route.source.map({ $0.family == family }) ?? true
        else { throw NetlinkError(call, code: NetlinkError.invalid) }
        guard let object = rtnl_route_alloc() else { throw NetlinkError("rtnl_route_alloc", code: NetlinkError.noMemory) }
        do {
            try fill(object, with: route, call: call)
        } catch {
            rtnl_route_put(object)
            throw error
        }
        return object
    }

    private func fill(_ object: OpaquePointer, with route: KernelRoute, call: String) throws(NetlinkError) {
        _ = rtnl_route_set_family(object, UInt8(route.destination.family == .ipv4 ? AF_INET : AF_INET6))
        var result = try withNetlinkAddress(route.destination, prefixLength: route.prefixLength) { rtnl_route_set_dst(object, $0) }
        if result < 0 { throw NetlinkError("rtnl_route_set_dst", code: result) }
        if let source = route.source {
            result = try withNetlinkAddress(source) { rtnl_route_set_pref_src(object, $0) }
            if result < 0 { throw NetlinkError("rtnl_route_set_pref_src", code: result) }
        }
        result = rtnl_route_set_type(object, route.kind.rawValue)
        if result < 0 { throw NetlinkError("rtnl_route_set_type", code: result) }
        rtnl_route_set_protocol(object, Self.routeProtocol)
        if let table = route.table { rtnl_route_set_table(object, table) }
        if let scope = route.scope { rtnl_route_set_scope(object, scope) }
        if let metric = route.metric { rtnl_route_set_priority(object, metric) }
        guard route.kind == .unicast else { return }
        // A nexthop per gateway, or one for the interface alone.
        let hops: [IPAddress?] = route.gateways.isEmpty ? [nil] : route.gateways
        for gateway in hops {
            guard let hop = rtnl_route_nh_alloc() else { throw NetlinkError("rtnl_route_nh_alloc", code: NetlinkError.noMemory) }
            if let index = route.interfaceIndex { rtnl_route_nh_set_ifindex(hop, index) }
            if route.onLink { rtnl_route_nh_set_flags(hop, UInt32(RTNH_F_ONLINK)) }
            if let gateway {
                try withNetlinkAddress(gateway) { rtnl_route_nh_set_gateway(hop, $0) }
            }
            rtnl_route_add_nexthop(object, hop)  // the route owns it from here
        }
    }
}
