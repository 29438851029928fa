import KeepvipConfig
import KeepvipLinux
import Logging
import VRRPCore

/// The tracked state of every running instance — links, source addresses, `vrrp_script`s and
/// `track_file`s — and the `RouterHealth` it gives each one. Link and address state come from
/// netlink events (never polling); scripts and files from their monitors.
final class HealthTracker {
    private struct Member {
        let runner: VirtualRouterRunner
        var bindings: [TrackerBinding]
        /// The configured priority the trackers' weights move.
        var basePriority: UInt8
        let sourceAddress: IPAddress
        let interfaceIndex: Int32
        var sourceAddressPresent: Bool
    }

    private var members: [Member] = []
    /// Tracked links by name: IFF_UP and IFF_RUNNING (keepalived's test). Missing links are down.
    private var linkUp: [String: Bool] = [:]
    private var scripts: ScriptMonitor?
    private var files: (any TrackFileValues)?
    private let host: any DaemonHost
    private let logger: Logger
    /// Called with each runner whose trackers changed (its health may have changed).
    var onChange: ((VirtualRouterRunner) -> Void)?

    init(host: any DaemonHost, logger: Logger) {
        self.host = host
        self.logger = logger
    }

    /// Where script statuses and file values come from (start-up, and a reload that adds the first
    /// or removes the last of them).
    func use(scripts: ScriptMonitor?, files: (any TrackFileValues)?) {
        self.scripts = scripts
        self.files = files
        scripts?.onStatusChange = { [unowned self] name in changed { $0 == .script(name) } }
        files?.onValueChange = { [unowned self] name in changed { $0 == .file(name) } }
    }

    /// Starts tracking `runner`'s `bindings`; returns its health now.
    func attach(_ runner: VirtualRouterRunner, bindings: [TrackerBinding], sourceAddress: IPAddress,
                interfaceIndex: Int32) -> RouterHealth {
        learnLinks(in: bindings, for: runner.name)
        let present = host.addresses(interfaceIndex: interfaceIndex).contains(sourceAddress)
        if !present {
            logger.warning("(\(runner.name)) source address \(sourceAddress) is not on \(runner.instance.interface)")
        }
        members.append(Member(runner: runner, bindings: bindings, basePriority: runner.instance.priority,
                              sourceAddress: sourceAddress, interfaceIndex: interfaceIndex, sourceAddressPresent: present))
        return health(of: members[members.count - 1])
    }

    /// A reload: `runner` now tracks `bindings` from `basePriority`; returns its health under them.
    /// A script it did not track before is pending, so it moves nothing until its first result.
    func reattach(_ runner: VirtualRouterRunner, bindings: [TrackerBinding], basePriority: UInt8) -> RouterHealth? {
        guard let index = members.firstIndex(where: { $0.runner === runner }) else { return nil }
        learnLinks(in: bindings, for: runner.name)
        members[index].bindings = bindings
        members[index].basePriority = basePriority
        return health(of: members[index])
    }

    /// Stops tracking `runner` (its instance was removed).
    func detach(_ runner: VirtualRouterRunner) {
        members.removeAll { $0.runner === runner }
    }

    /// Reads the state of tracked links not seen before.
    private func learnLinks(in bindings: [TrackerBinding], for instance: String) {
        let names = bindings.compactMap { if case .interface(let name) = $0.source, linkUp[name] == nil { name } else { nil } }
        guard !names.isEmpty else { return }
        let links = host.links()
        for name in names {
            linkUp[name] = links.first { $0.name == name }.map { $0.isUp && $0.isRunning } ?? false
            if linkUp[name] == false {
                logger.warning("(\(instance)) tracked interface \(name) is \(links.contains { $0.name == name } ? "down" : "missing")")
            }
        }
    }

    func health(of runner: VirtualRouterRunner) -> RouterHealth? {
        members.first { $0.runner === runner }.map(health(of:))
    }

    /// A link changed (RTM_NEWLINK / RTM_DELLINK).
    func linkChanged(_ link: LinkEvent) {
        update(link.name, isUp: link.kind != .removed && link.isUp && link.isRunning)
    }

    /// An address was added or removed: the source address of an instance may be affected.
    func addressChanged(_ change: AddressEvent) {
        for index in members.indices
        where members[index].sourceAddress == change.address && members[index].interfaceIndex == change.interfaceIndex {
            let present = change.kind == .added
            guard members[index].sourceAddressPresent != present else { continue }
            members[index].sourceAddressPresent = present
            logger.info("(\(members[index].runner.name)) source address \(change.address) \(present ? "is back" : "was removed")")
            onChange?(members[index].runner)
        }
    }

    /// Netlink events were lost: read every tracked link again.
    func resynchronize() {
        let links = host.links()
        for name in Array(linkUp.keys) {
            update(name, isUp: links.first { $0.name == name }.map { $0.isUp && $0.isRunning } ?? false)
        }
    }

    private func update(_ name: String, isUp: Bool) {
        guard let wasUp = linkUp[name], wasUp != isUp else { return }
        linkUp[name] = isUp
        logger.info("Netlink reports \(name) \(isUp ? "up" : "down")")
        changed { $0 == .interface(name) }
    }

    private func changed(where matches: (TrackerBinding.Source) -> Bool) {
        for member in members where member.bindings.contains(where: { matches($0.source) }) {
            onChange?(member.runner)
        }
    }

    private func health(of member: Member) -> RouterHealth {
        RouterHealth(basePriority: member.basePriority, trackers: member.bindings.map { status(of: $0, for: member) })
    }

    /// Each tracker of `runner` as `keepvip status` shows it.
    func trackerLines(of runner: VirtualRouterRunner) -> [DaemonStatus.TrackerStatusLine] {
        guard let member = members.first(where: { $0.runner === runner }) else { return [] }
        return member.bindings.map { binding in
            let status = status(of: binding, for: member)
            let (kind, name): (String, String) = switch binding.source {
            case .interface(let name): ("interface", name)
            case .sourceAddress: ("source_address", member.sourceAddress.description)
            case .script(let name): ("script", name)
            case .file(let name): ("file", name)
            }
            let (shown, isUp): (String, Bool) = switch status {
            case .interface(let isUp, _): (isUp ? "up" : "down", isUp)
            case .script(let script, _): ("\(script)", script == .good)
            case .file(let value, _): (value.map { "\($0)" } ?? "unreadable", value == 0)
            }
            return DaemonStatus.TrackerStatusLine(kind: kind, name: name, status: shown, isUp: isUp, weight: binding.weight.value,
                                                  isReversed: binding.weight.isReversed, isFailing: status.isFaulting)
        }
    }

    private func status(of binding: TrackerBinding, for member: Member) -> TrackerStatus {
        switch binding.source {
        case .interface(let name):
            .interface(isUp: linkUp[name] ?? false, weight: binding.weight)
        case .sourceAddress:
            .interface(isUp: member.sourceAddressPresent, weight: binding.weight)
        case .script(let name):
            .script(scripts?.status(of: name) ?? .pending, weight: binding.weight)
        case .file(let name):
            .file(value: files?.value(of: name), weight: binding.weight)
        }
    }
}
