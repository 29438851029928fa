import KeepvipConfig
import VRRPCore

/// One thing an instance tracks, with the weight it applies.
public struct TrackerBinding: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// A link: up means IFF_UP and IFF_RUNNING (keepalived's test).
        case interface(String)
        /// The address the instance's adverts leave from is still on its interface.
        case sourceAddress
        /// A `vrrp_script`, by name.
        case script(String)
        /// A `track_file`, by name.
        case file(String)
    }

    public var source: Source
    public var weight: TrackingWeight

    public init(_ source: Source, weight: TrackingWeight = .none) {
        self.source = source
        self.weight = weight
    }
}

extension InstanceConfiguration {
    /// What this instance tracks in `configuration`, keepalived's way:
    /// - its own interface and the address it sends from, without weight: either going away is FAULT
    ///   (`dont_track_primary` turns both off: keepalived's "ignore VRRP interface faults");
    /// - `track_interface`, `track_script`, `track_file`, with the entry's weight or else the
    ///   script's or file's own (keepalived.conf(5));
    /// - in a `vrrp_sync_group`, the group's own trackers too, and the members' own script and file
    ///   weights forced to 0 unless the group says `sync_group_tracking_weight` (keepalived.conf(5):
    ///   members must not end with different priorities).
    public func trackerBindings(in configuration: Configuration) -> [TrackerBinding] {
        let group = configuration.syncGroup(containing: name)
        let zeroWeights = group.map { !$0.keepsTrackingWeights } ?? false
        var bindings: [TrackerBinding] = []
        if tracksPrimaryInterface {
            bindings += [TrackerBinding(.sourceAddress), TrackerBinding(.interface(interface))]
        }
        func add(interfaces: [TrackedInterface], scripts: [TrackReference], files: [TrackReference], own: Bool) {
            for tracked in interfaces {
                bindings.append(TrackerBinding(.interface(tracked.name), weight: TrackingWeight(tracked.weight, reversed: tracked.isReversed)))
            }
            for reference in scripts {
                guard let script = configuration.script(named: reference.name) else { continue }
                let weight = own && zeroWeights ? 0 : reference.weight ?? script.weight
                bindings.append(TrackerBinding(.script(script.name), weight: TrackingWeight(weight, reversed: reference.isReversed ?? script.isReversed)))
            }
            for reference in files {
                guard let file = configuration.trackFile(named: reference.name) else { continue }
                let weight = own && zeroWeights ? 0 : reference.weight ?? file.weight
                bindings.append(TrackerBinding(.file(file.name), weight: TrackingWeight(weight, reversed: reference.isReversed ?? file.isReversed)))
            }
        }
        add(interfaces: trackedInterfaces, scripts: trackedScripts, files: trackedFiles, own: true)
        if let group {
            add(interfaces: group.trackedInterfaces, scripts: group.trackedScripts, files: group.trackedFiles, own: false)
        }
        return bindings
    }
}
