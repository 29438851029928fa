import KeepvipLinux
import Logging
import VRRPCore

/// The raw VRRP socket of one interface and family, shared by its instances: each sends from its
/// own address, and each received packet goes to the instance with its VRID (one socket, so one
/// copy of each packet). RFC 9568 §7.1: an IPv4 and an IPv6 virtual router may share a VRID.
final class AdvertChannel {
    struct Key: Hashable {
        var interfaceIndex: Int32
        var family: AddressFamily
    }

    let socket: any VRRPSocket
    private var runners: [UInt8: VirtualRouterRunner] = [:]
    private let logger: Logger
    /// One line a second for the whole interface, however many sources a flood uses.
    private var unknownVRIDLog = LogRateLimiter<Int>()
    private(set) var unknownVRIDCount: UInt64 = 0
    private var malformedLog = LogRateLimiter<Int>()
    private var malformedReported = 0

    init(socket: any VRRPSocket, logger: Logger) {
        self.socket = socket
        self.logger = logger
    }

    /// Routes packets with the runner's VRID to it; multicast instances need the group joined.
    func attach(_ runner: VirtualRouterRunner) throws {
        if runner.instance.unicastPeers.isEmpty {
            try socket.joinMulticastGroup()
        }
        runners[runner.instance.virtualRouterID] = runner
    }

    /// Stops routing packets to `runner`. - Returns: true when no instance uses the channel any more.
    func detach(_ runner: VirtualRouterRunner) -> Bool {
        if runners[runner.instance.virtualRouterID] === runner {
            runners[runner.instance.virtualRouterID] = nil
        }
        return runners.isEmpty
    }

    /// The way out for an instance whose adverts leave from `source`.
    func transport(from source: IPAddress) -> some AdvertTransport {
        Sender(socket: socket, source: source)
    }

    private final class Sender: AdvertTransport {
        let socket: any VRRPSocket
        let source: IPAddress

        init(socket: any VRRPSocket, source: IPAddress) {
            self.socket = socket
            self.source = source
        }

        func send(_ message: [UInt8], to destination: IPAddress) throws {
            try socket.send(message, to: destination, from: source)
        }
    }

    /// Reads every queued packet and hands each to its instance.
    func drain(now: () -> Instant) {
        while true {
            let packet: ReceivedPacket?
            do {
                packet = try socket.receivePacket()
            } catch {
                logger.error("receiving adverts on \(socket.interfaceName): \(error)")
                return
            }
            reportMalformed(now: now)
            guard let packet else { return }
            let time = now()
            guard let vrid = packet.virtualRouterID, let runner = runners[vrid] else {
                unknownVRIDCount &+= 1
                let permit = unknownVRIDLog.permit(0, now: time)
                if permit.allowed {
                    let id = packet.virtualRouterID.map(String.init) ?? "?"
                    let held = permit.suppressed > 0 ? " (\(permit.suppressed) more since the last report)" : ""
                    logger.warning("dropped advert from \(packet.source) on \(socket.interfaceName): VRID \(id) is not configured here [vrid drops: \(unknownVRIDCount)]\(held)")
                }
                continue
            }
            runner.receive(packet, now: time)
        }
    }

    /// When the held-back lines of a burst of unknown-VRID adverts are due to be summed up.
    var nextDeadline: Instant? { unknownVRIDLog.nextSummaryDeadline }

    func timersDue(now: Instant) {
        for (_, count, since) in unknownVRIDLog.dueSummaries(now: now) {
            logger.warning("dropped \(count) more advert\(count == 1 ? "" : "s") on \(socket.interfaceName) for VRIDs not configured here in the last \((now - since).secondsDescription) s [vrid drops: \(unknownVRIDCount)]")
        }
    }

    /// The socket skips datagrams it cannot use; say so, at most once a second.
    private func reportMalformed(now: () -> Instant) {
        guard socket.malformedCount > malformedReported,
              malformedLog.permit(0, now: now()).allowed else { return }
        malformedReported = socket.malformedCount
        let reason = socket.lastMalformationDescription ?? "unknown"
        logger.warning("dropped malformed packet on \(socket.interfaceName): \(reason) [malformed drops: \(socket.malformedCount)]")
    }
}
