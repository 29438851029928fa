import VRRPCore

/// The status as Prometheus metrics, in the text exposition format 0.0.4 (HELP and TYPE for each
/// family, `_total` counters). Every instance series carries `vrrp_instance`, `interface`, `vrid`
/// and `family` — not `instance`, which Prometheus gives the scraped target (ours would be renamed
/// `exported_instance`). README ("Metrics") maps the names to those of the keepalived exporters.
public enum PrometheusExposition {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ status: DaemonStatus) -> String {
        var output = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            output += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples {
                output += sample.labels.isEmpty ? "\(name) \(sample.value)\n" : "\(name){\(sample.labels)} \(sample.value)\n"
            }
        }
        let instances = status.instances.map { (labels: labels(of: $0), status: $0) }
        family("keepvip_build_info", "gauge", "The running keepvipd's version.", [(#"version="\#(escaped(status.version))""#, "1")])
        family("keepvip_instance_state", "gauge", "1 for the state each VRRP instance is in (RFC 9568 names), 0 for the others.",
               instances.flatMap { labels, instance in
                   [RouterState.initialize, .backup, .active, .fault].map { state in
                       (#"\#(labels),state="\#(state.rfcName.lowercased())""#, instance.state == state ? "1" : "0")
                   }
               })
        family("keepvip_instance_maintenance", "gauge", "1 while the instance is in maintenance (keepvip handover).",
               instances.map { ($0.labels, $0.status.isInMaintenance ? "1" : "0") })
        family("keepvip_instance_priority", "gauge", "The priority each instance advertises (after tracker weights).",
               instances.map { ($0.labels, "\($0.status.effectivePriority)") })
        family("keepvip_instance_base_priority", "gauge", "The priority each instance is configured with.",
               instances.map { ($0.labels, "\($0.status.basePriority)") })
        family("keepvip_instance_state_since_seconds", "gauge", "Unix time each instance entered its state.",
               instances.map { ($0.labels, "\($0.status.since.unixSeconds)") })
        for field in CounterField.all {
            family("keepvip_\(field.key)_total", "counter", "\(field.label.prefix(1).uppercased() + field.label.dropFirst()), per instance.",
                   instances.map { ($0.labels, "\(field.value($0.status.counters))") })
        }
        family("keepvip_drops_total", "counter", "Adverts discarded by the receive checks (RFC 9568 §7.1), per instance and reason.",
               instances.flatMap { labels, instance in
                   DropReason.allCases.map { (#"\#(labels),reason="\#($0.rawValue)""#, "\(instance.counters.drops[$0])") }
               })
        family("keepvip_tracker_up", "gauge",
               "1 when a tracked interface is up, script good or file 0; per instance, tracker kind and name.",
               instances.flatMap { labels, instance in
                   instance.trackers.map { (#"\#(labels),kind="\#($0.kind)",name="\#(escaped($0.name))""#, $0.isUp ? "1" : "0") }
               })
        var scripts: [String: Bool] = [:]
        for tracker in status.instances.flatMap(\.trackers) where tracker.kind == "script" {
            scripts[tracker.name] = tracker.isUp
        }
        family("keepvip_script_status", "gauge", "1 when a vrrp_script's status is good, 0 when bad or not run yet.",
               scripts.sorted { $0.key < $1.key }.map { (#"script="\#(escaped($0.key))""#, $0.value ? "1" : "0") })
        family("keepvip_instances_waiting", "gauge", "Configured instances held out of service until their interface appears.",
               [("", "\(status.waiting.count)")])
        for field in status.counters.fields {
            family("keepvip_\(field.key)_total", "counter", "\(field.label.prefix(1).uppercased() + field.label.dropFirst()).",
                   [("", "\(field.value)")])
        }
        family("keepvip_unknown_vrid_drops_total", "counter", "Adverts for VRIDs no instance here has, per interface.",
               status.counters.unknownVirtualRouterDrops.sorted { $0.key < $1.key }.map { (#"interface="\#(escaped($0.key))""#, "\($0.value)") })
        return output
    }

    private static func labels(of instance: DaemonStatus.InstanceStatus) -> String {
        #"vrrp_instance="\#(escaped(instance.name))",interface="\#(escaped(instance.interface))",vrid="\#(instance.virtualRouterID)",family="\#(instance.family == .ipv4 ? "ipv4" : "ipv6")""#
    }

    /// Label values escape backslash, double quote and line feed (exposition format 0.0.4).
    static func escaped(_ value: String) -> String {
        var output = ""
        for character in value {
            switch character {
            case "\\": output += #"\\"#
            case "\"": output += #"\""#
            case "\n": output += #"\n"#
            default: output.append(character)
            }
        }
        return output
    }
}
