import VRRPCore

/// What a simulated router asks its shell to do, in order.
public enum PeerOutput: Hashable, Sendable {
    /// Put this VRRP message on the wire (the shell adds the IP header, TTL / hop limit 255).
    case transmit([UInt8], from: IPAddress, to: IPAddress)
    /// Print this.
    case report(TimedEvent)
}
