import VRRPCore

/// One line of `virtual_ipaddress`: `ADDR[/LEN] [brd X] [dev IF] [scope S] [label L]`.
public struct VirtualAddress: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    /// `/LEN`; without it 32 (IPv4) or 128 (IPv6).
    public var prefixLength: Int
    public var broadcast: IPv4Address?
    /// `dev`: the interface to put the address on; `nil` means the instance's interface.
    public var device: String?
    public var scope: AddressScope?
    /// `label`: the IPv4 address label (at most 15 bytes, the kernel's limit).
    public var label: String?
    @SourcePosition public var location: SourceLocation

    public init(
        address: IPAddress, prefixLength: Int, broadcast: IPv4Address? = nil, device: String? = nil,
        scope: AddressScope? = nil, label: String? = nil, location: SourceLocation
    ) {
        self.address = address
        self.prefixLength = prefixLength
        self.broadcast = broadcast
        self.device = device
        self.scope = scope
        self.label = label
        self.location = location
    }

    /// In keepalived's own syntax: `192.0.2.200/24 brd 192.0.2.255 dev eth0 scope global label eth0:1`.
    public var description: String {
        var text = "\(address)/\(prefixLength)"
        if let broadcast { text += " brd \(broadcast)" }
        if let device { text += " dev \(device)" }
        if let scope { text += " scope \(scope)" }
        if let label { text += " label \(label)" }
        return text
    }
}
