import VRRPCore

/// What `--listen` checks packets against. Every value not given is taken from the packet itself,
/// so the verdict then covers only what is knowable: structure, checksum, TTL on multicast.
public struct ListenExpectations: Hashable, Sendable {
    public var virtualRouterID: UInt8?
    public var version: VRRPVersion?
    public var intervalCentiseconds: UInt16?
    /// `.none` to require no authentication; `nil` to accept what the packet carries.
    public var authentication: AdvertisementAuthentication?
    /// Accepted unicast sources; `nil`: any.
    public var peers: [IPAddress]?
    /// The address list to compare with (the SHOULD check); `nil`: not compared.
    public var virtualAddresses: [IPAddress]?
    /// Our priority: 255 makes us the address owner, which drops every advert of its VRID.
    public var priority: UInt8 = 100
    public var v3ChecksumAsV2 = false

    public init() {}
}
