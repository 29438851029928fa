import KeepvipConfig
import KeepvipLinux
import Logging
import VRRPCore

/// The real machine: the monotonic clock and the epoll loop's timer, rtnetlink through libnl-route,
/// raw VRRP sockets, packet sockets for announcements, scripts as processes, nftables, FIFOs, inotify.
final class LinuxHost: DaemonHost {
    private let loop: EventLoop
    private let logger: Logger
    let addressManager: any VirtualAddressManager
    let routeManager: any VirtualRouteManager
    let announcer: any AddressAnnouncer
    let scripts: any ScriptRunner
    private let linuxRouting: LinuxRouteManager
    private let linuxAnnouncer: LinuxAnnouncer
    /// The nftables table for no_accept, made when first needed.
    private var filter: PacketFilter?
    /// systemd's notify socket, when started with `Type=notify`.
    private let systemd: SystemdNotifier?
    private var watchdogDeadline: Instant?
    /// The core's own next deadline, and those of the shell's servers (control socket, metrics):
    /// the loop wakes for the earliest of them and the watchdog's.
    private var coreDeadline: Instant?
    var serverDeadlines: () -> Instant? = { nil }
    private var notifyFailureReported = false

    /// `keepvip handover`'s state (`--state-file`).
    private let maintenanceFile: MaintenanceFile

    init(loop: EventLoop, logger: Logger, stateFile: String) throws {
        self.loop = loop
        self.logger = logger
        maintenanceFile = MaintenanceFile(path: stateFile)
        systemd = SystemdNotifier()
        if systemd?.watchdogInterval != nil { watchdogDeadline = MonotonicClock.now() }
        addressManager = try LinuxAddressManager()
        linuxRouting = LinuxRouteManager()
        routeManager = linuxRouting
        linuxAnnouncer = LinuxAnnouncer()
        announcer = linuxAnnouncer
        let executor = ScriptExecutor(loop: loop, logger: logger)
        scripts = executor
        executor.afterEachExit = { [unowned loop] in loop.onWakeUp?() }
    }

    /// Releases what the host opened: the no_accept table, the routing and announcement sockets.
    func close() {
        filter?.close()
        filter = nil
        linuxAnnouncer.close()
        linuxRouting.close()
    }

    func now() -> Instant { MonotonicClock.now() }

    func setWakeUp(at deadline: Instant?) {
        coreDeadline = deadline
        rearm()
    }

    /// How much later than its deadline a timer may run, so that deadlines that close serve together:
    /// instances that became Active together advertise in one wake-up, and their Backups' host
    /// receives them in one. Adverts stay anchored to their own deadlines, so the period does not
    /// drift; an interval varies by at most this much.
    static let timerCoalescing: Duration = .microseconds(100)

    /// Arms the loop for the earliest deadline of all (after a server's deadline moved earlier).
    func rearm() {
        let deadline = coreDeadline.earliest(watchdogDeadline).earliest(serverDeadlines()).map { $0 + Self.timerCoalescing }
        // A later deadline keeps the timer armed for the earlier one: that wake-up finds nothing due
        // and arms the later one then. Every advert a Backup hears pushes its Active_Down_Timer back;
        // this spares a timerfd_settime for each of them.
        if let deadline, let armed = loop.wakeUpDeadline, armed <= deadline { return }
        loop.setWakeUp(at: deadline)
    }

    /// At each wake-up of the loop: systemd's watchdog hears from the loop itself at half its
    /// timeout, whatever the instances do, so a stalled loop gets the daemon restarted.
    func wokeUp() {
        guard let interval = systemd?.watchdogInterval, let deadline = watchdogDeadline else { return }
        let now = MonotonicClock.now()
        guard deadline <= now else { return }
        send(["WATCHDOG=1"])
        watchdogDeadline = now + interval
    }

    func report(_ event: ServiceEvent) {
        switch event {
        case .ready(let status):
            send(["READY=1", "STATUS=\(status)"])
        case .status(let status):
            send(["STATUS=\(status)"])
        case .reloading:
            send(["RELOADING=1", "MONOTONIC_USEC=\(MonotonicClock.now().nanoseconds / 1000)"])
        case .stopping(let longest):
            send(["STOPPING=1", "EXTEND_TIMEOUT_USEC=\(longest.components.seconds * 1_000_000)"])
        }
    }

    private func send(_ lines: [String]) {
        guard let systemd else { return }
        do {
            try systemd.notify(lines)
        } catch {
            if !notifyFailureReported { logger.warning("cannot notify systemd: \(error)") }
            notifyFailureReported = true
        }
    }

    func settled() {
        do {
            try ProcessMemory.releaseProgramText()
        } catch {
            logger.debug("cannot release code pages: \(error)")
        }
    }

    func interfaceIndex(named name: String) -> Int32? { NetworkInterface.index(named: name) }

    func interfaceName(ofIndex index: Int32) -> String? { NetworkInterface.name(ofIndex: index) }

    func addresses(interfaceIndex: Int32) -> [IPAddress] {
        ((try? NetworkInterface.addresses(interfaceIndex: interfaceIndex)) ?? []).map(\.address)
    }

    func primaryAddress(family: AddressFamily, interfaceIndex: Int32) -> IPAddress? {
        switch family {
        case .ipv4:
            (try? NetworkInterface.ipv4Addresses(interfaceIndex: interfaceIndex))?.first.map { .v4($0.address) }
        case .ipv6:
            (try? NetworkInterface.linkLocalIPv6Address(interfaceIndex: interfaceIndex)).map { .v6($0) }
        }
    }

    func links() -> [LinkEvent] { (try? NetworkInterface.links()) ?? [] }

    func openVRRPSocket(family: AddressFamily, interfaceName: String, interfaceIndex: Int32,
                        onReadable: @escaping () -> Void) throws -> any VRRPSocket {
        let socket = try KeepvipLinux.openVRRPSocket(
            family: family, interfaceName: interfaceName, interfaceIndex: interfaceIndex, joinMulticast: false)
        do {
            try loop.register(socket.fileDescriptor, onReadable: onReadable)
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    func closeVRRPSocket(_ socket: any VRRPSocket) {
        loop.unregister(socket.fileDescriptor)
        socket.close()
    }

    func refuseDelivery(to addresses: [IPAddress]) throws {
        if let filter {
            try filter.replaceRefused(with: addresses)
        } else if !addresses.isEmpty {
            let made = try PacketFilter()
            do {
                try made.refuseDelivery(to: addresses)
            } catch {
                made.close()
                throw error
            }
            filter = made
        }
    }

    func openNotifyFIFO(path: String) throws -> any NotifyLineWriter {
        try NotifyFIFOWriter(path: path)
    }

    func loadMaintenance() -> Set<String> {
        do {
            return try maintenanceFile.load()
        } catch {
            logger.error("cannot read the maintenance state: \(error); every instance starts out of maintenance")
            return []
        }
    }

    func saveMaintenance(_ names: Set<String>) throws {
        try maintenanceFile.save(names)
    }

    func watchTrackFiles(_ files: [TrackFile], afterChange: @escaping () -> Void) throws -> any TrackFileValues {
        let monitor = try FileMonitor(files: files, logger: logger)
        let descriptor = monitor.watch.descriptor
        try loop.register(descriptor) { [unowned monitor] in
            monitor.changed()
            afterChange()
        }
        monitor.onClose = { [loop] in loop.unregister(descriptor) }
        return monitor
    }
}

extension NotifyFIFOWriter: NotifyLineWriter {}
