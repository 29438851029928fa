import VRRPCore

/// Carries VRRP messages out of a host. The Linux one is a raw IP socket; tests use an in-memory segment.
public protocol AdvertTransport: AnyObject {
    /// Sends one VRRP message (the IP payload) to `destination`: a peer, or the VRRP group.
    func send(_ message: [UInt8], to destination: IPAddress) throws
}
