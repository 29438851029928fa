/// Names one notification of a `NotificationQueue`, so a late exit of a killed one is told apart.
public struct NotificationID: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) {
        self.value = value
    }

    public var description: String { "#\(value)" }
}
