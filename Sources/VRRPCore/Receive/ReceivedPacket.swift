/// A VRRP packet as the shell received it: the IP facts the checks need, and the VRRP message.
public struct ReceivedPacket: Hashable, Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    /// IPv4 TTL or IPv6 hop limit.
    public var hopLimit: UInt8
    public var payload: [UInt8]

    public init(source: IPAddress, destination: IPAddress, hopLimit: UInt8, payload: [UInt8]) {
        self.source = source
        self.destination = destination
        self.hopLimit = hopLimit
        self.payload = payload
    }

    /// The VRID byte, to find the virtual router before the full checks; nil when too short to say.
    public var virtualRouterID: UInt8? {
        payload.count >= 2 ? payload[1] : nil
    }
}
