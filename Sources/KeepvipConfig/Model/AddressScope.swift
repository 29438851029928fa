/// The `scope` of a virtual address (`ip address add ... scope S`).
public enum AddressScope: Sendable, Hashable, CustomStringConvertible {
    case global
    case site
    case link
    case host
    case nowhere
    /// A numeric scope (0-255) as in /etc/iproute2/rt_scopes.
    case number(UInt8)

    /// Parses a name or a number; `nil` for anything else.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "global", "universe": self = .global
        case "site": self = .site
        case "link": self = .link
        case "host": self = .host
        case "nowhere": self = .nowhere
        default:
            guard let value = UInt8(text) else { return nil }
            self = .number(value)
        }
    }

    /// The kernel's value (`RT_SCOPE_*`).
    public var value: UInt8 {
        switch self {
        case .global: 0
        case .site: 200
        case .link: 253
        case .host: 254
        case .nowhere: 255
        case .number(let value): value
        }
    }

    public var description: String {
        switch self {
        case .global: "global"
        case .site: "site"
        case .link: "link"
        case .host: "host"
        case .nowhere: "nowhere"
        case .number(let value): String(value)
        }
    }
}
