import KeepvipConfig
import KeepvipLinux
import VRRPCore

/// Virtual routes and rules through rtnetlink (libnl-route-3); the socket opens on first use, so a
/// configuration without routes never has one.
final class LinuxRouteManager: VirtualRouteManager {
    private var manager: RouteManager?

    func add(_ route: VirtualRoute) throws -> Bool {
        try open().add(kernelRoute(route)) == .added
    }

    func remove(_ route: VirtualRoute) throws -> Bool {
        try open().remove(kernelRoute(route)) == .removed
    }

    func add(_ rule: VirtualRule) throws -> Bool {
        try open().add(kernelRule(rule)) == .added
    }

    func remove(_ rule: VirtualRule) throws -> Bool {
        try open().remove(kernelRule(rule)) == .removed
    }

    func close() {
        manager?.close()
        manager = nil
    }

    private func open() throws -> RouteManager {
        if let manager { return manager }
        let opened = try RouteManager()
        manager = opened
        return opened
    }

    private func kernelRule(_ rule: VirtualRule) -> KernelRule {
        let action: KernelRule.Action = switch rule.action {
        case .lookup: .lookup
        case .blackhole: .blackhole
        case .unreachable: .unreachable
        case .prohibit: .prohibit
        }
        return KernelRule(
            family: rule.family, source: rule.source.map { ($0.address, $0.length) },
            destination: rule.destination.map { ($0.address, $0.length) }, action: action, table: rule.table,
            priority: rule.priority, inputInterface: rule.inputInterface, outputInterface: rule.outputInterface,
            firewallMark: rule.firewallMark, firewallMask: rule.firewallMask)
    }

    private func kernelRoute(_ route: VirtualRoute) throws -> KernelRoute {
        let kind: KernelRoute.Kind = switch route.kind {
        case .unicast: .unicast
        case .blackhole: .blackhole
        case .unreachable: .unreachable
        case .prohibit: .prohibit
        case .throw: .throw
        }
        return KernelRoute(
            destination: route.destination, prefixLength: route.prefixLength, kind: kind, gateways: route.gateways,
            interfaceIndex: try route.device.map(LinuxAddressManager.index(of:)), source: route.source,
            scope: route.scope?.value, table: route.table, metric: route.metric, onLink: route.onLink)
    }
}
