import KeepvipLinux
import Logging
import VRRPCore

/// One raw VRRP socket on an interface, shared by the instances that send from the same address;
/// it hands each received packet to the instance with its VRID.
final class AdvertChannel: AdvertTransport {
    struct Key: Hashable {
        var interfaceIndex: Int32
        /// The address the socket is bound to (unicast), or nil for the multicast socket.
        var boundAddress: IPv4Address?
    }

    let socket: AdvertSocket
    private var runners: [UInt8: VirtualRouterRunner] = [:]
    private let logger: Logger
    private var unknownVRIDLog = LogRateLimiter<IPAddress>()
    private(set) var unknownVRIDCount: UInt64 = 0

    init(key: Key, interfaceName: String, logger: Logger) throws {
        socket = try AdvertSocket(
            interfaceName: interfaceName, interfaceIndex: key.interfaceIndex,
            sourceAddress: key.boundAddress, joinMulticast: key.boundAddress == nil
        )
        self.logger = logger
    }

    func attach(_ runner: VirtualRouterRunner) {
        runners[runner.instance.virtualRouterID] = runner
    }

    var isEmpty: Bool { runners.isEmpty }

    func send(_ message: [UInt8], to destination: IPAddress) throws {
        guard case .v4(let address) = destination else {
            throw UnsupportedFamily(address: destination)
        }
        try socket.send(message, to: address)
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

    func close() {
        socket.close()
    }
}

struct UnsupportedFamily: Error, CustomStringConvertible {
    var address: IPAddress
    var description: String { "\(address.family) is not supported yet (\(address))" }
}
