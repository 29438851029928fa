import VRRPCore

/// What a `vrrp_instance` block says, before defaults and cross-checks.
struct InstanceDraft {
    struct Located<Value> {
        var value: Value
        var location: SourceLocation
    }

    var name: String
    var location: SourceLocation
    /// Position of the block among the top-level statements (track_* may only name earlier blocks).
    var order = 0
    var state: Located<InitialState>?
    var interface: Located<String>?
    var virtualRouterID: Located<UInt8>?
    var priority: Located<UInt8>?
    /// Microseconds as written; checked against the version later.
    var advertisementInterval: Located<Int64>?
    var version: Located<VRRPVersion>?
    var nativeIPv6: SourceLocation?
    var noPreempt: SourceLocation?
    var preemptDelay: Duration = .zero
    var authenticationType: Located<String>?
    /// An `auth_type` that was already reported as an error (AH or unknown).
    var authenticationRejected = false
    var password: Located<[UInt8]>?
    var unicastSource: Located<IPAddress>?
    var multicastSource: Located<IPAddress>?
    var unicastPeers: [Located<IPAddress>] = []
    var virtualAddresses: [VirtualAddress] = []
    var excludedAddresses: [VirtualAddress] = []
    var virtualRoutes: [VirtualRoute] = []
    var virtualRules: [VirtualRule] = []
    var acceptMode: Bool?
    var v3ChecksumAsV2: Bool?
    var skipsAdvertAddressCheck: Bool?
    /// GARP keywords as written; `nil` falls back to global_defs in the resolver.
    var garpMasterDelay: Duration?
    var garpMasterRepeat: Int?
    var garpMasterRefresh: Duration?
    var garpMasterRefreshRepeat: Int?
    var garpLowerPriorityDelay: Duration?
    var garpLowerPriorityRepeat: Int?
    var trackedInterfaces: [StatementReader.TrackEntry] = []
    var dontTrackPrimary = false
    var trackedScripts: [StatementReader.TrackEntry] = []
    var trackedFiles: [StatementReader.TrackEntry] = []
    var notify = NotifyScripts()
    /// First place each keyword appeared, to warn about repeats.
    var seen: [String: SourceLocation] = [:]
}
