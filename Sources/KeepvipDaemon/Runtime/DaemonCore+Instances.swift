import KeepvipConfig
import KeepvipLinux
import VRRPCore

/// Instances coming into service and leaving it, their sockets, and what links and addresses do to them.
extension DaemonCore {
    func activate(_ instance: InstanceConfiguration) {
        guard let interfaceIndex = host.interfaceIndex(named: instance.interface) else {
            logger.warning("(\(instance.name)) interface \(instance.interface) does not exist; instance held out of service until it appears")
            waiting.append(instance)
            statusChanged = true
            return
        }
        guard let primary = primaryAddress(of: instance, interfaceIndex: interfaceIndex) else {
            let kind = instance.family == .ipv4 ? "IPv4 address" : "usable IPv6 link-local address"
            logger.warning("(\(instance.name)) interface \(instance.interface) has no \(kind) yet; instance held out of service until it has one")
            waiting.append(instance)
            statusChanged = true
            return
        }
        let runner: VirtualRouterRunner
        do {
            let key = AdvertChannel.Key(interfaceIndex: interfaceIndex, family: instance.family)
            let channel = try channels[key] ?? openChannel(key, interface: instance.interface)
            runner = VirtualRouterRunner(
                instance: instance, primaryAddress: primary, transport: channel.transport(from: primary),
                addresses: host.addressManager, routing: host.routeManager, announcer: host.announcer, logger: logger
            )
            try channel.attach(runner)
        } catch {
            logger.error("(\(instance.name)) cannot open the VRRP socket on \(instance.interface): \(error); instance held out of service")
            return
        }
        runners.append(runner)
        statusChanged = true
        runner.onDeadlineChange = { [unowned self] runner in timers.schedule(runner, at: runner.nextDeadline) }
        runner.removeLeftoverAddresses()
        runner.onTransition = { [unowned self, unowned runner] from, to, priority in
            transitioned(runner, from: from, to: to, priority: priority)
        }
        runner.onLowerPriorityHeard = { [unowned self, unowned runner] priority in
            notifier.activeReceivedLowerPriority(of: .instance(runner.name), priority: priority, scripts: runner.instance.notify)
        }
        groups.add(runner)
        let verdict = health.attach(runner, bindings: instance.trackerBindings(in: configuration),
                                    sourceAddress: primary, interfaceIndex: interfaceIndex)
        let now = host.now()
        faultVerdicts[ObjectIdentifier(runner)] = verdict.isFaulted
        runner.updateHealth(verdict, now: now)
        // `keepvip handover` outlives restarts and reloads: the instance starts at priority 1.
        if maintenance.contains(instance.name) && instance.priority != 255 { runner.setMaintenance(true, now: now) }
        runner.start(now: now)
        if verdict.isFaulted { groups.healthChanged(of: instance.name, isFaulted: true, now: now) }
    }

    /// Takes a running instance out of service (a reload removed it): an Active router resigns with
    /// priority 0 and releases its rules, routes and addresses; it notifies as keepalived does for a
    /// deleted instance (`Notifier.deleted`); its socket closes when no other instance uses it.
    func deactivate(_ runner: VirtualRouterRunner) {
        groups.remove(runner)
        runner.onTransition = { [unowned self, unowned runner] _, to, priority in
            if to == .initialize { notifier.deleted(.instance(runner.name), priority: priority, scripts: runner.instance.notify) }
        }
        runner.stop(now: host.now())
        runner.onDeadlineChange = nil
        timers.remove(runner)
        health.detach(runner)
        faultVerdicts[ObjectIdentifier(runner)] = nil
        runners.removeAll { $0 === runner }
        statusChanged = true
        for (key, channel) in channels where channel.detach(runner) {
            host.closeVRRPSocket(channel.socket)
            channels[key] = nil
        }
    }

    /// The runner's trackers changed: give its router the new verdict, and its sync group a FAULT change.
    func refreshHealth(of runner: VirtualRouterRunner) {
        guard !isStopping, let verdict = health.health(of: runner) else { return }
        let now = host.now()
        runner.updateHealth(verdict, now: now)
        recordFaultVerdict(verdict, of: runner, now: now)
    }

    /// Tells the sync group when the runner's trackers start or stop holding it in FAULT.
    func recordFaultVerdict(_ verdict: RouterHealth, of runner: VirtualRouterRunner, now: Instant) {
        let key = ObjectIdentifier(runner)
        guard faultVerdicts[key] != verdict.isFaulted else { return }
        faultVerdicts[key] = verdict.isFaulted
        groups.healthChanged(of: runner.name, isFaulted: verdict.isFaulted, now: now)
    }

    private func transitioned(_ runner: VirtualRouterRunner, from: RouterState, to: RouterState, priority: UInt8) {
        statusChanged = true
        notifier.transition(of: .instance(runner.name), to: to, priority: priority, scripts: runner.instance.notify)
        if !isStopping { groups.transitioned(runner.name, to: to, now: host.now()) }
    }

    /// The address adverts leave from: `unicast_src_ip` or `mcast_src_ip` when set, else the
    /// interface's own (`DaemonHost.primaryAddress`).
    private func primaryAddress(of instance: InstanceConfiguration, interfaceIndex: Int32) -> IPAddress? {
        instance.unicastSourceAddress ?? instance.multicastSourceAddress
            ?? host.primaryAddress(family: instance.family, interfaceIndex: interfaceIndex)
    }

    /// The socket of an interface and family, shared by its instances; closed with the core.
    private func openChannel(_ key: AdvertChannel.Key, interface: String) throws -> AdvertChannel {
        var opened: AdvertChannel?
        let socket = try host.openVRRPSocket(family: key.family, interfaceName: interface, interfaceIndex: key.interfaceIndex) { [unowned self] in
            guard let opened else { return }
            opened.drain { host.now() }
            rearm()
        }
        let channel = AdvertChannel(socket: socket, logger: logger)
        opened = channel
        channels[key] = channel
        return channel
    }

    /// Closes every socket (the core has stopped).
    func closeChannels() {
        for channel in channels.values { host.closeVRRPSocket(channel.socket) }
        channels.removeAll()
    }

    /// Links and addresses come and go: an Active router puts back virtual addresses the kernel or
    /// someone else removed (a link going down flushes IPv6 addresses), and instances waiting for
    /// their interface or address are retried.
    public func linkEvents(_ events: [LinkMonitor.Event]) {
        guard !isStopping, !events.isEmpty else { return }
        for event in events {
            switch event {
            case .link(let link):
                health.linkChanged(link)
                if link.isUp { reassertAddresses(onInterface: link.name, reason: "\(link.name) is up") }
            case .address(let change):
                health.addressChanged(change)
                // Only the Active routers that hold the address put it back: the echo of a VIP this
                // daemon removed costs nothing per instance, and no netlink call.
                if change.kind == .removed {
                    let name = host.interfaceName(ofIndex: change.interfaceIndex) ?? ""
                    for runner in runners where runner.state == .active
                        && runner.instance.managedAddresses.contains(where: { $0.address == change.address }) {
                        runner.reassertVirtualAddresses(reason: "\(change.address) was removed from \(name)")
                    }
                }
            case .overrun:
                health.resynchronize()
                for runner in runners { runner.reassertVirtualAddresses(reason: "netlink events were lost") }
            }
        }
        defer { rearm() }
        guard !waiting.isEmpty else { return }
        let ready = waiting
        waiting.removeAll()
        for instance in ready {
            if host.interfaceIndex(named: instance.interface) != nil {
                logger.info("(\(instance.name)) interface \(instance.interface) is present; starting")
            }
            activate(instance)
        }
    }

    private func reassertAddresses(onInterface name: String, reason: String) {
        for runner in runners where runner.instance.interface == name
            || runner.instance.managedAddresses.contains(where: { $0.device == name }) {
            runner.reassertVirtualAddresses(reason: reason)
        }
    }
}
