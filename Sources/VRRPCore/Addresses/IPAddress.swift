/// An address of either family.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    public init?<S: StringProtocol>(_ text: S) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    public var family: AddressFamily {
        switch self {
        case .v4: .ipv4
        case .v6: .ipv6
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }
}

extension IPAddress {
    /// An address no router sends from: unspecified, loopback, a group, or IPv4's limited broadcast
    /// (RFC 1122 §3.2.1.3, RFC 4291 §2.5.2–2.5.3).
    public var canNeverBeASource: Bool {
        switch self {
        case .v4(let address): address.value == 0 || address.value >> 24 == 127 || isMulticastOrBroadcast
        case .v6(let address): address.isUnspecifiedOrLoopback || isMulticastOrBroadcast
        }
    }

    /// A group address, or IPv4's limited broadcast: never where a unicast advert belongs.
    public var isMulticastOrBroadcast: Bool {
        switch self {
        case .v4(let address): address.isMulticast || address.value == .max
        case .v6(let address): address.isMulticast
        }
    }
}

public enum AddressFamily: Sendable, Hashable, CustomStringConvertible {
    case ipv4
    case ipv6

    /// The longest prefix an address of this family can have.
    public var maximumPrefixLength: Int {
        switch self {
        case .ipv4: 32
        case .ipv6: 128
        }
    }

    public var description: String {
        switch self {
        case .ipv4: "IPv4"
        case .ipv6: "IPv6"
        }
    }
}

extension IPAddress: Comparable {
    /// Unsigned network-order comparison within a family (the tie-break of RFC 3768 §6.4.3 and
    /// RFC 9568 §6.4.3); IPv4 sorts before IPv6 so the order is total.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let l), .v4(let r)): l < r
        case (.v6(let l), .v6(let r)): l < r
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }
}
