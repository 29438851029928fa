import KeepvipLinux
import Logging
import VRRPCore

/// The raw VRRP socket of one interface, shared by its instances: each sends from its own address,
/// and each received packet goes to the instance with its VRID (one socket, so one copy per packet).
final class AdvertChannel {
    let socket: AdvertSocket
    private var runners: [UInt8: VirtualRouterRunner] = [:]
    private let logger: Logger
    private var unknownVRIDLog = LogRateLimiter<IPAddress>()
    private(set) var unknownVRIDCount: UInt64 = 0
    private var malformedLog = LogRateLimiter<Int>()
    private var malformedReported = 0

    init(interfaceName: String, interfaceIndex: Int32, logger: Logger) throws {
        socket = try AdvertSocket(
            interfaceName: interfaceName, interfaceIndex: interfaceIndex, sourceAddress: nil, joinMulticast: false
        )
        self.logger = logger
    }

    /// Routes packets with the runner's VRID to it; multicast instances need the group joined.
    func attach(_ runner: VirtualRouterRunner) throws {
        if runner.instance.unicastPeers.isEmpty {
            try socket.joinMulticastGroup()
        }
        runners[runner.instance.virtualRouterID] = runner
    }

    /// The way out for an instance whose adverts leave from `source`.
    func transport(from source: IPv4Address) -> some AdvertTransport {
        Sender(socket: socket, source: source)
    }

    private final class Sender: AdvertTransport {
        let socket: AdvertSocket
        let source: IPv4Address

        init(socket: AdvertSocket, source: IPv4Address) {
            self.socket = socket
            self.source = source
        }

        func send(_ message: [UInt8], to destination: IPAddress) throws {
            guard case .v4(let address) = destination else { throw UnsupportedFamily(address: destination) }
            try socket.send(message, to: address, from: source)
        }
    }

    /// Reads every queued packet and hands each to its instance.
    func drain(now: () -> Instant) {
        while true {
            let received: ReceivedAdvertisement?
            do {
                received = try socket.receive()
            } catch {
                logger.error("receiving adverts on \(socket.interfaceName): \(error)")
                return
            }
            reportMalformed(now: now)
            guard let received else { return }
            let packet = ReceivedPacket(
                source: .v4(received.source), destination: .v4(received.destination),
                hopLimit: received.ttl, payload: received.payload
            )
            let time = now()
            guard let vrid = packet.virtualRouterID, let runner = runners[vrid] else {
                unknownVRIDCount &+= 1
                if unknownVRIDLog.permit(packet.source, now: time).allowed {
                    let id = packet.virtualRouterID.map(String.init) ?? "?"
                    logger.warning("dropped advert from \(packet.source) on \(socket.interfaceName): VRID \(id) is not configured here [vrid drops: \(unknownVRIDCount)]")
                }
                continue
            }
            runner.receive(packet, now: time)
        }
    }

    /// The socket skips datagrams whose IP header is unusable; say so, at most once a second.
    private func reportMalformed(now: () -> Instant) {
        guard socket.malformedCount > malformedReported,
              malformedLog.permit(0, now: now()).allowed else { return }
        malformedReported = socket.malformedCount
        let reason = socket.lastMalformation.map { "\($0)" } ?? "unknown"
        logger.warning("dropped malformed IP packet on \(socket.interfaceName): \(reason) [malformed drops: \(socket.malformedCount)]")
    }

    func close() {
        socket.close()
    }
}

struct UnsupportedFamily: Error, CustomStringConvertible {
    var address: IPAddress
    var description: String { "\(address.family) is not supported yet (\(address))" }
}
