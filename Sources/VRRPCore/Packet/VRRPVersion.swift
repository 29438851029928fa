/// The protocol version in the first nibble of an advertisement.
public enum VRRPVersion: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// RFC 3768: IPv4 only, interval in whole seconds, optional simple-text authentication.
    case v2 = 2
    /// RFC 9568: both families, interval in centiseconds, no authentication.
    case v3 = 3

    public var description: String { "VRRPv\(rawValue)" }
}
