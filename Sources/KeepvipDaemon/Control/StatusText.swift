import Glibc
import VRRPCore

/// `keepvip status` and `keepvip stats` for a terminal: aligned columns, one row per instance.
public enum StatusText {
    public static func status(_ status: DaemonStatus) -> String {
        var lines = ["keepvipd \(status.version), pid \(status.processID), \(status.configurationFile) loaded at \(status.loadedAt); \(status.summary)"]
        var table = [["INSTANCE", "INTERFACE", "VRID", "VERSION", "STATE", "SINCE", "PRIORITY", "ACTIVE ROUTER", "VIPS", "LAST TRANSITION"]]
        for instance in status.instances {
            let active = instance.activeRouter.map { "\($0)\(instance.isActiveRouterThisHost ? " (this host)" : "")" } ?? "-"
            table.append([
                instance.name, instance.interface, "\(instance.virtualRouterID)",
                "v\(instance.version.rawValue) \(instance.family)",
                "\(instance.state.rfcName) (\(instance.state))" + (instance.isInMaintenance ? ", maintenance" : "")
                    + (instance.isHandingOver ? ", holding VIPs" : ""),
                "\(clockTime(instance.since.unixSeconds)) (\(duration(instance.since.secondsAgo)))",
                "\(instance.effectivePriority)/\(instance.basePriority)",
                active,
                instance.virtualAddresses.isEmpty ? "-" : instance.virtualAddresses.joined(separator: ","),
                instance.lastTransition ?? "-",
            ])
        }
        if !status.instances.isEmpty { lines += aligned(table) }
        for waiting in status.waiting {
            lines.append("\(waiting.name): waiting for interface \(waiting.interface) (VRID \(waiting.virtualRouterID))")
        }
        for group in status.syncGroups {
            lines.append("sync group \(group.name): \(group.state.rfcName) (\(group.members.joined(separator: ", ")))")
        }
        for instance in status.instances where !instance.trackers.isEmpty {
            let trackers = instance.trackers.map { tracker in
                let weight = tracker.weight == 0 ? "" : " weight \(tracker.isReversed ? "reverse " : "")\(tracker.weight)"
                return "\(tracker.kind) \(tracker.name) \(tracker.status)\(weight)\(tracker.isFailing ? " FAULT" : "")"
            }
            lines.append("\(instance.name) tracks: \(trackers.joined(separator: "; "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per counter (drop reasons by their log name), one column per instance; then the
    /// daemon's own counters.
    public static func statistics(_ status: DaemonStatus) -> String {
        var table = [["COUNTER"] + status.instances.map(\.name)]
        for field in CounterField.all {
            table.append([field.label] + status.instances.map { "\(field.value($0.counters))" })
        }
        for reason in DropReason.allCases {
            table.append(["dropped \(reason)"] + status.instances.map { "\($0.counters.drops[reason])" })
        }
        var lines = aligned(table)
        let daemon = status.counters
        lines.append("")
        lines += aligned(daemon.fields.map { [$0.label, "\($0.value)"] } + daemon.unknownVirtualRouterDrops.sorted { $0.key < $1.key }.map {
            ["dropped on \($0.key): VRID not configured", "\($0.value)"]
        })
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows padded to their columns' widths (the last column unpadded).
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
    }

    /// `02:30:04` local time, or the date too when it is not today.
    static func clockTime(_ unixSeconds: Int64) -> String {
        let isToday = WallClock.format(unixSeconds, "%Y-%m-%d") == WallClock.format(Int64(time(nil)), "%Y-%m-%d")
        return WallClock.format(unixSeconds, isToday ? "%H:%M:%S" : "%Y-%m-%d %H:%M:%S")
    }

    /// `4s`, `5m12s`, `3h05m`, `2d04h`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds)
        switch whole {
        case ..<60: return "\(whole)s"
        case ..<3600: return "\(whole / 60)m\(twoDigits(whole % 60))s"
        case ..<86400: return "\(whole / 3600)h\(twoDigits(whole / 60 % 60))m"
        default: return "\(whole / 86400)d\(twoDigits(whole / 3600 % 24))h"
        }
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
