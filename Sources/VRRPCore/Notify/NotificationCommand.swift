/// What a `NotificationQueue` asks the shell to do.
public enum NotificationCommand<Payload> {
    /// Run this notification (a notify script, a FIFO write…) now.
    case start(NotificationID, Payload)
    /// It ran past the timeout: kill it. The queue has already moved on.
    case kill(NotificationID)
}

extension NotificationCommand: Sendable where Payload: Sendable {}
extension NotificationCommand: Equatable where Payload: Equatable {}
extension NotificationCommand: Hashable where Payload: Hashable {}
