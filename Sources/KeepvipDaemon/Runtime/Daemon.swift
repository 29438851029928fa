import Glibc
import KeepvipConfig
import KeepvipLinux
import Logging
import VRRPCore

/// The Linux daemon: the process around a `DaemonCore` — capabilities, the PID file, one epoll loop
/// over the VRRP sockets, rtnetlink link events, the control socket, the metrics endpoint, the
/// timer and the signals.
/// Single-threaded, so capabilities can be dropped for the whole process at start.
public final class Daemon {
    private let configuration: Configuration
    private let options: DaemonOptions
    private let logger: Logger
    private let lifecycle = Lifecycle()
    private var loop: EventLoop!
    private var core: DaemonCore!
    private var host: LinuxHost!
    /// The control socket and, with --metrics-listen, the metrics endpoint.
    private var servers: [RequestServer] = []
    private var stopped = false

    public init(configuration: Configuration, options: DaemonOptions, logger: Logger) {
        self.configuration = configuration
        self.options = options
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public func run() -> Int32 {
        do {
            try startServices()
            try core.start()
        } catch {
            logger.critical("cannot start: \(error)")
            lifecycle.shutDown()
            return 1
        }
        // Code that ran once (the parser, netlink dumps) goes back to the kernel right away too.
        host.settled()
        do {
            try loop.run()
        } catch {
            // Notifications cannot run without the loop: release everything now.
            logger.critical("event loop failed: \(error)")
            core.stop(waitingForNotifications: false)
            return 1
        }
        return 0
    }

    private func startServices() throws {
        // Before capabilities go: giving the socket to the `keepvip` group takes CAP_CHOWN.
        let controlListener: StreamListener
        do {
            controlListener = try ControlSocket.listen(at: options.controlSocket)
        } catch let error as SystemCallError where error.errno == EADDRINUSE {
            throw DaemonStartError("another keepvipd answers at \(options.controlSocket); give each daemon its own --control-socket")
        } catch {
            throw DaemonStartError("control socket \(options.controlSocket): \(error)")
        }
        lifecycle.started("control socket") { controlListener.close() }
        // Before capabilities go too: a port below 1024 takes CAP_NET_BIND_SERVICE.
        let metricsListener = try options.metricsListen.map { listen in
            do {
                return try StreamListener.tcp(address: listen.address, port: listen.port)
            } catch {
                throw DaemonStartError("metrics endpoint \(listen): \(error)")
            }
        }
        if let metricsListener { lifecycle.started("metrics endpoint") { metricsListener.close() } }
        // Only CAP_NET_ADMIN (addresses) and CAP_NET_RAW (VRRP and ARP sockets) are kept; there is no
        // other thread yet, so the whole process loses the rest. A configuration with scripts also
        // keeps what running them as script_user takes (CAP_SETUID, CAP_SETGID, CAP_KILL), and leaves
        // the bounding set alone: a script that runs as root gets root's full powers, as with
        // keepalived (systemd's CapabilityBoundingSet still applies). A reload cannot win them back.
        if configuration.runsScripts {
            try Capabilities.restrict(to: [.netAdmin, .netRaw, .setuid, .setgid, .kill], keepingBoundingSet: true)
        } else {
            try Capabilities.restrict(to: [.netAdmin, .netRaw])
        }
        if let path = options.pidFile {
            try PIDFile.write(path: path)
            lifecycle.started("pid file") { PIDFile.remove(path: path) }
        }
        let loop = try EventLoop()
        self.loop = loop
        try loop.handleSignals([SIGTERM, SIGINT, SIGHUP, SIGUSR2]) { [unowned self] signal in handle(signal: signal) }
        let host = try LinuxHost(loop: loop, logger: logger, stateFile: options.stateFile)
        self.host = host
        lifecycle.started("host") { host.close() }
        let options = options
        core = DaemonCore(configuration: configuration, host: host, logger: logger, loadedAt: WallClock.timestamp()) {
            ConfigurationLoader(configID: options.configID).load(path: options.configurationFile)
        }
        core.onStopped = { [unowned self] in finish() }
        let file = options.configurationFile
        try serve("control socket", controlListener, ControlService(core: core, configurationFile: file) { WallClock.unixSeconds() })
        if let metricsListener, let listen = options.metricsListen {
            // A request head of 8 KiB is plenty for Prometheus (it sends about 300 bytes).
            try serve("metrics endpoint", metricsListener, MetricsEndpoint(core: core, configurationFile: file) { WallClock.unixSeconds() },
                      limits: RequestServer.Limits(maximumRequestBytes: 8192))
            logger.info("Serving metrics at http://\(listen)/metrics")
        }
        host.serverDeadlines = { [unowned self] in servers.reduce(nil as Instant?) { $0.earliest($1.nextDeadline) } }
        loop.onWakeUp = { [unowned self, unowned host] in
            host.wokeUp()
            let now = MonotonicClock.now()
            for server in servers { server.timersDue(now: now) }
            core.timersDue()
        }
        let monitor = try LinkMonitor()
        try loop.register(monitor.fileDescriptor) { [unowned self] in
            do {
                core.linkEvents(try monitor.drain())
            } catch {
                logger.error("reading netlink events: \(error)")
            }
        }
        lifecycle.started("link monitor") {
            loop.unregister(monitor.fileDescriptor)
            monitor.close()
        }
    }

    /// Serves `handler` on `listener` from the loop until the daemon stops.
    private func serve(_ name: String, _ listener: StreamListener, _ handler: any RequestServer.Handler,
                       limits: RequestServer.Limits = RequestServer.Limits()) throws {
        let server = try RequestServer(name: name, listener: listener, loop: loop, limits: limits, handler: handler,
                                       logger: logger, clock: MonotonicClock.now)
        server.onDeadlineChange = { [unowned self] in host.rearm() }
        servers.append(server)
        lifecycle.started("\(name) connections") { server.close() }
    }

    private func handle(signal: Int32) {
        switch signal {
        case SIGHUP:
            core.requestReload()
        case SIGUSR2:
            core.logStatistics()
        default:
            logger.info("Stopping")
            core.stop()
        }
    }

    /// The core has stopped and released what it opened: close the rest, newest first.
    private func finish() {
        guard !stopped else { return }
        stopped = true
        lifecycle.shutDown()
        loop.stop()
        logger.info("Stopped")
    }
}

/// Why the daemon cannot start, in one line for the log.
struct DaemonStartError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
