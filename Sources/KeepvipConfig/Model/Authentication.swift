/// VRRPv2 authentication (RFC 3768 §5.3.6). keepvip supports simple text passwords only.
public enum Authentication: Sendable, Hashable {
    /// `auth_type PASS`: the password bytes, at most 8 (longer ones are already truncated, as keepalived does).
    case password([UInt8])

    /// The longest password VRRPv2 carries.
    public static let maximumPasswordLength = 8
}
