import KeepvipJSON
import VRRPCore

/// `keepvip status --json` (and `stats --json`): the whole snapshot as one JSON object. The schema
/// is documented in docs/status-json.md; `schema_version` changes only when a name or a meaning
/// changes (new fields may appear within a version).
public enum StatusJSON {
    public static let schemaVersion: Int64 = 1

    public static func render(_ status: DaemonStatus) -> String {
        JSONValue.object([
            "schema_version": .integer(schemaVersion),
            "daemon": .object([
                "version": .string(status.version),
                "pid": .integer(Int64(status.processID)),
                "configuration_file": .string(status.configurationFile),
                "loaded_at": .string(status.loadedAt),
                "summary": .string(status.summary),
            ]),
            "instances": .array(status.instances.map(instance)),
            "waiting": .array(status.waiting.map {
                .object(["name": .string($0.name), "interface": .string($0.interface), "vrid": .integer(Int64($0.virtualRouterID))])
            }),
            "sync_groups": .array(status.syncGroups.map {
                .object(["name": .string($0.name), "state": .string($0.state.rfcName.lowercased()),
                         "members": .array($0.members.map(JSONValue.string))])
            }),
            "counters": .dictionary(
                status.counters.fields.map { ($0.key, .unsigned($0.value)) }
                    + [("unknown_vrid_drops", .dictionary(status.counters.unknownVirtualRouterDrops.sorted { $0.key < $1.key }
                        .map { ($0.key, .unsigned($0.value)) }))]),
        ]).rendered + "\n"
    }

    private static func instance(_ instance: DaemonStatus.InstanceStatus) -> JSONValue {
        .object([
            "name": .string(instance.name),
            "interface": .string(instance.interface),
            "vrid": .integer(Int64(instance.virtualRouterID)),
            "version": .integer(Int64(instance.version.rawValue)),
            "family": .string(instance.family == .ipv4 ? "ipv4" : "ipv6"),
            "state": .string(instance.state.rfcName.lowercased()),
            "keepalived_state": .string(instance.state.description),
            "maintenance": .bool(instance.isInMaintenance),
            "holding_addresses": .bool(instance.isHandingOver),
            "since": .string(utcTimestamp(instance.since.unixSeconds)),
            "seconds_in_state": .seconds(instance.since.secondsAgo),
            "base_priority": .integer(Int64(instance.basePriority)),
            "effective_priority": .integer(Int64(instance.effectivePriority)),
            "active_router": .optional(instance.activeRouter),
            "active_router_is_this_host": .bool(instance.isActiveRouterThisHost),
            "virtual_addresses": .array(instance.virtualAddresses.map(JSONValue.string)),
            "last_transition": .optional(instance.lastTransition),
            "trackers": .array(instance.trackers.map {
                .object(["kind": .string($0.kind), "name": .string($0.name), "status": .string($0.status),
                         "weight": .integer(Int64($0.weight)), "reversed": .bool($0.isReversed), "failing": .bool($0.isFailing)])
            }),
            "counters": .dictionary(
                CounterField.all.map { ($0.key, .unsigned($0.value(instance.counters))) }
                    + [("drops", .dictionary(DropReason.allCases.map { ($0.rawValue, .unsigned(instance.counters.drops[$0])) }))]),
        ])
    }

    /// RFC 3339 in UTC: `2026-12-06T02:30:04Z`.
    static func utcTimestamp(_ unixSeconds: Int64) -> String {
        WallClock.format(unixSeconds, "%Y-%m-%dT%H:%M:%SZ", utc: true)
    }
}
