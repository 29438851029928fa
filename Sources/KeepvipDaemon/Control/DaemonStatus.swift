import VRRPCore

/// What `keepvip status` and `keepvip stats` show: a snapshot of the running daemon, taken on the
/// event loop between two events, rendered as text (`StatusText`) or JSON (`StatusJSON`).
public struct DaemonStatus: Sendable {
    public var version: String
    public var processID: Int32
    public var configurationFile: String
    /// Wall time the running configuration was loaded, as logged.
    public var loadedAt: String
    /// `2 instances: 1 Active, 1 Backup`, as systemd's STATUS= line.
    public var summary: String
    public var instances: [InstanceStatus]
    /// Configured instances held out of service until their interface appears.
    public var waiting: [WaitingInstance]
    public var syncGroups: [SyncGroupStatus]
    public var counters: Counters

    public struct InstanceStatus: Sendable {
        public var name: String
        public var interface: String
        public var virtualRouterID: UInt8
        public var version: VRRPVersion
        public var family: AddressFamily
        public var state: RouterState
        /// `keepvip handover`: priority 1 advertised until `keepvip handover --cancel`.
        public var isInMaintenance: Bool
        /// Still holds its addresses after resigning, until a peer takes over.
        public var isHandingOver: Bool
        /// When the router entered `state`: Unix time, and how long ago.
        public var since: WallTime
        public var basePriority: UInt8
        public var effectivePriority: UInt8
        /// Who holds the addresses as far as this router knows, and whether it is this host.
        public var activeRouter: IPAddress?
        public var isActiveRouterThisHost: Bool
        public var virtualAddresses: [String]
        /// `Backup → Active: Receive advertisement timeout`.
        public var lastTransition: String?
        public var trackers: [TrackerStatusLine]
        public var counters: RouterCounters
    }

    public struct WaitingInstance: Sendable {
        public var name: String
        public var interface: String
        public var virtualRouterID: UInt8
    }

    public struct SyncGroupStatus: Sendable {
        public var name: String
        public var state: RouterState
        public var members: [String]
    }

    /// One tracked thing of an instance: `interface eth1 up (weight -20)`.
    public struct TrackerStatusLine: Sendable {
        /// `interface`, `source_address`, `script` or `file`.
        public var kind: String
        public var name: String
        /// `up` / `down`, `good` / `bad` / `pending`, or a file's value.
        public var status: String
        /// Up, good, or a file's value of 0.
        public var isUp: Bool
        public var weight: Int
        public var isReversed: Bool
        public var isFailing: Bool
    }

    /// The daemon's own counters, copied out of `DaemonCounters`.
    public struct Counters: Sendable {
        public var reloadsApplied: UInt64
        public var reloadsRefused: UInt64
        public var scriptRuns: UInt64
        public var scriptFailures: UInt64
        public var scriptTimeouts: UInt64
        public var notificationsRun: UInt64
        public var notificationsFailed: UInt64
        public var notificationsKilled: UInt64
        /// Adverts for VRIDs no instance here has, per interface.
        public var unknownVirtualRouterDrops: [String: UInt64]
    }
}

/// A moment shown to an operator: Unix seconds, and the seconds from it to the snapshot.
public struct WallTime: Sendable, Equatable {
    public var unixSeconds: Int64
    public var secondsAgo: Double
}

extension RouterState {
    /// RFC 9568's word, for operators who read the RFC; `description` stays keepalived's.
    public var rfcName: String {
        switch self {
        case .initialize: "Initialize"
        case .backup: "Backup"
        case .active: "Active"
        case .fault: "Fault"
        }
    }
}
