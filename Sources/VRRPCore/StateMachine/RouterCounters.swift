/// What happened to one virtual router, counted: every field of keepalived's SIGUSR2 statistics and
/// what the shell adds (announcements, send and kernel errors). The core decides what each event and
/// action counts as; the shell only keeps the value and shows it.
public struct RouterCounters: Hashable, Sendable {
    /// Adverts that passed every receive check (RFC 9568 §7.1) and reached the state machine.
    public private(set) var advertisementsReceived: UInt64 = 0
    /// Adverts the router asked to send, priority 0 included (one per advert, whatever the peers).
    public private(set) var advertisementsSent: UInt64 = 0
    /// keepalived's "Became master" / "Released master".
    public private(set) var becameActive: UInt64 = 0
    public private(set) var leftActive: UInt64 = 0
    /// Every state change, start-up and stop included.
    public private(set) var transitions: UInt64 = 0
    /// RFC 9568 §6.4.2, §6.4.3: resignations heard and sent.
    public private(set) var priorityZeroReceived: UInt64 = 0
    public private(set) var priorityZeroSent: UInt64 = 0
    /// Packets discarded by the receive checks, by reason.
    public private(set) var drops = DropCounters()
    /// Gratuitous ARPs and unsolicited NAs sent (one per address per round).
    public private(set) var announcementsSent: UInt64 = 0
    /// Adverts or announcements the kernel refused to send.
    public private(set) var sendErrors: UInt64 = 0
    /// Addresses, routes or rules the kernel refused to add or remove.
    public private(set) var kernelErrors: UInt64 = 0

    public init() {}

    /// Counts what the router asked for.
    public mutating func record(_ actions: [RouterAction]) {
        for action in actions {
            switch action {
            case .sendAdvertisement(let priority):
                advertisementsSent &+= 1
                if priority == 0 { priorityZeroSent &+= 1 }
            case .changeState(let from, let to, _):
                transitions &+= 1
                if to == .active { becameActive &+= 1 }
                if from == .active { leftActive &+= 1 }
            default:
                break
            }
        }
    }

    /// Counts an advert that passed the receive checks.
    public mutating func recordAccepted(_ advertisement: Advertisement) {
        advertisementsReceived &+= 1
        if advertisement.priority == 0 { priorityZeroReceived &+= 1 }
    }

    public mutating func recordDrop(_ reason: DropReason) {
        drops.record(reason)
    }

    public mutating func recordAnnouncement() { announcementsSent &+= 1 }
    public mutating func recordSendError() { sendErrors &+= 1 }
    public mutating func recordKernelError() { kernelErrors &+= 1 }
}
