import VRRPCore

/// What a `vrrp_instance` block says, before defaults and cross-checks.
struct InstanceDraft {
    struct Located<Value> {
        var value: Value
        var location: SourceLocation
    }

    var name: String
    var location: SourceLocation
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
    var acceptMode: Bool?
    var v3ChecksumAsV2: Bool?
    var garpMasterDelay: Duration = InstanceConfiguration.Defaults.garpMasterDelay
    var garpMasterRepeat = InstanceConfiguration.Defaults.garpMasterRepeat
    /// First place each keyword appeared, to warn about repeats.
    var seen: [String: SourceLocation] = [:]
}
