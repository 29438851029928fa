import VRRPCore

/// The simulated routers of one run, on one interface, each following the protocol on its own.
/// Pure like `SimulatedPeer`: the shell passes packets and the time in, performs the outputs, and
/// calls `wake(now:)` at `nextDeadline`.
///
/// The routers hear each other as they would on the wire: what one transmits is handed to every
/// other router of its family that the destination reaches (the VRRP group, or the address it sends
/// from), because the kernel loops none of it back (multicast loop is off; a given source need not
/// be local). A packet from the socket goes to the routers its destination names: every router of
/// the family for the group, the router sending from that address for unicast, and every router of
/// the family when the address is none of theirs.
public struct PeerGroup: Sendable {
    public private(set) var peers: [SimulatedPeer]

    public init(peers: [SimulatedPeer]) {
        self.peers = peers
    }

    /// True when every router has stopped.
    public var isFinished: Bool { peers.allSatisfy(\.isFinished) }
    public var failedExpectations: Int { peers.reduce(0) { $0 + $1.failedExpectations } }
    public var nextDeadline: Instant? { peers.compactMap(\.nextDeadline).min() }

    /// The address families in use, each once, in the routers' order.
    public var families: [AddressFamily] {
        peers.map(\.configuration.family).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    public mutating func start(now: Instant) -> [PeerOutput] {
        var outputs: [PeerOutput] = []
        for index in peers.indices {
            outputs += settle(peers[index].start(now: now), from: index, now: now)
        }
        return outputs
    }

    /// Runs every router whose deadline has come.
    public mutating func wake(now: Instant) -> [PeerOutput] {
        var outputs: [PeerOutput] = []
        for index in peers.indices {
            guard let deadline = peers[index].nextDeadline, deadline <= now else { continue }
            outputs += settle(peers[index].wake(now: now), from: index, now: now)
        }
        return outputs
    }

    public mutating func receive(_ packet: ReceivedPacket, now: Instant) -> [PeerOutput] {
        var outputs: [PeerOutput] = []
        for index in recipients(of: packet, includingUnaddressed: true) {
            outputs += settle(peers[index].receive(packet, now: now), from: index, now: now)
        }
        return outputs
    }

    /// Stops every router (SIGINT / SIGTERM).
    public mutating func stop(now: Instant) -> [PeerOutput] {
        var outputs: [PeerOutput] = []
        for index in peers.indices {
            outputs += settle(peers[index].stop(now: now), from: index, now: now)
        }
        return outputs
    }

    /// `outputs` of router `sender`, followed by what the other routers do on hearing its adverts
    /// (and so on, breadth first: the protocol answers an advert with at most one advert).
    private mutating func settle(_ outputs: [PeerOutput], from sender: Int, now: Instant) -> [PeerOutput] {
        var settled: [PeerOutput] = []
        var pending = [(sender: sender, outputs: outputs)]
        while !pending.isEmpty {
            let batch = pending.removeFirst()
            for output in batch.outputs {
                settled.append(output)
                guard case .transmit(let message, let source, let destination) = output else { continue }
                let packet = ReceivedPacket(source: source, destination: destination, hopLimit: 255, payload: message)
                for index in recipients(of: packet, includingUnaddressed: false) where index != batch.sender {
                    pending.append((index, peers[index].receive(packet, now: now)))
                }
            }
        }
        return settled
    }

    /// The running routers a packet reaches; `includingUnaddressed`: a unicast packet to none of
    /// our sources reaches every router of its family (it came to this host, so one of them may care).
    private func recipients(of packet: ReceivedPacket, includingUnaddressed: Bool) -> [Int] {
        let family = packet.destination.family
        let candidates = peers.indices.filter { !peers[$0].isFinished && peers[$0].configuration.family == family }
        if PeerConfiguration.group(of: family) == packet.destination { return candidates }
        let addressed = candidates.filter { peers[$0].configuration.source == packet.destination }
        return addressed.isEmpty && includingUnaddressed ? candidates : addressed
    }
}
