import VRRPCore

extension StatementReader {
    /// Fills in keepalived's defaults, infers the family and version, and checks the values that
    /// depend on each other. `nil` when the instance has an error.
    mutating func resolve(_ draft: InstanceDraft, globals: GlobalDefinitions) -> InstanceConfiguration? {
        var valid = true
        let label = "vrrp_instance '\(draft.name)'"

        guard let interface = draft.interface else {
            diagnostics.error("\(label) has no 'interface'; add e.g. 'interface eth0'", at: draft.location)
            return nil
        }
        guard let vrid = draft.virtualRouterID else {
            diagnostics.error(
                "\(label) has no 'virtual_router_id'; add 'virtual_router_id N' (1-255, the same on every router of the group)",
                at: draft.location)
            return nil
        }

        // Family: native_ipv6, else the first virtual address, else the unicast or multicast source.
        let family: AddressFamily
        if draft.nativeIPv6 != nil {
            family = .ipv6
        } else if let first = draft.virtualAddresses.first {
            family = first.address.family
        } else if let source = draft.unicastSource ?? draft.unicastPeers.first ?? draft.multicastSource {
            family = source.value.family
        } else {
            family = .ipv4
        }
        let familyOrigin: String
        if let nativeIPv6 = draft.nativeIPv6 {
            familyOrigin = "'native_ipv6' at \(nativeIPv6)"
        } else if let first = draft.virtualAddresses.first {
            familyOrigin = "the first virtual address \(first.address) at \(first.location)"
        } else {
            familyOrigin = "its unicast/multicast addresses"
        }
        for address in draft.virtualAddresses where address.address.family != family {
            diagnostics.error(
                "virtual_ipaddress mixes IPv4 and IPv6: \(address.address) is \(address.address.family) but \(label) is "
                    + "\(family) (from \(familyOrigin)); move the \(address.address.family) addresses to their own "
                    + "vrrp_instance (it may reuse virtual_router_id \(vrid.value))",
                at: address.location)
            valid = false
        }
        func checkFamily(_ located: InstanceDraft.Located<IPAddress>?, keyword: String) {
            guard let located, located.value.family != family else { return }
            diagnostics.error(
                "\(keyword) \(located.value) is \(located.value.family) but \(label) is \(family) (from \(familyOrigin)); "
                    + "use an \(family) address",
                at: located.location)
            valid = false
        }
        checkFamily(draft.unicastSource, keyword: "unicast_src_ip")
        checkFamily(draft.multicastSource, keyword: "mcast_src_ip")
        for peer in draft.unicastPeers { checkFamily(peer, keyword: "unicast_peer") }

        // Version: the instance's own, else global_defs; IPv6 always uses VRRPv3.
        var version = draft.version?.value ?? globals.vrrpVersion
        if family == .ipv6, version == .v2 {
            if let explicit = draft.version {
                diagnostics.warning(
                    "IPv6 instances always use VRRPv3 (as in keepalived); 'version 2' is ignored, write 'version 3'",
                    at: explicit.location)
            }
            version = .v3
        }

        // Advertisement interval.
        var interval = InstanceConfiguration.Defaults.advertisementInterval
        if let written = draft.advertisementInterval {
            let micros = written.value
            switch version {
            case .v2:
                var seconds = (micros + 500_000) / 1_000_000
                if micros % 1_000_000 != 0 {
                    seconds = max(1, seconds)
                    diagnostics.warning(
                        "VRRPv2 advertises in whole seconds; advert_int \(Self.secondsText(micros)) is rounded to \(seconds) "
                            + "(as keepalived does); write 'advert_int \(seconds)', or use 'version 3' for sub-second adverts",
                        at: written.location)
                }
                if !(1...255).contains(seconds) {
                    diagnostics.error(
                        "advert_int \(Self.secondsText(micros)) is out of range for VRRPv2; use 1 to 255 seconds",
                        at: written.location)
                    valid = false
                }
                interval = .seconds(seconds)
            case .v3:
                var centiseconds = (micros + 5_000) / 10_000
                if micros % 10_000 != 0, (1...4095).contains(centiseconds) {
                    diagnostics.warning(
                        "VRRPv3 advertises in 10 ms steps; advert_int \(Self.secondsText(micros)) is rounded to "
                            + "\(Self.secondsText(centiseconds * 10_000)); write that value to silence this",
                        at: written.location)
                }
                if !(1...4095).contains(centiseconds) {
                    diagnostics.error(
                        "advert_int \(Self.secondsText(micros)) is out of range for VRRPv3; use 0.01 to 40.95 seconds",
                        at: written.location)
                    valid = false
                    centiseconds = 100
                }
                interval = .milliseconds(centiseconds * 10)
            }
        }

        // Authentication: VRRPv2 PASS only.
        var authentication: Authentication?
        if draft.authenticationRejected {
            valid = false
        } else if let password = draft.password {
            if draft.authenticationType == nil {
                diagnostics.error(
                    "auth_pass without auth_type; add 'auth_type PASS' to the authentication block (or remove the block)",
                    at: password.location)
                valid = false
            } else if version == .v3 {
                diagnostics.warning(
                    "authentication is ignored with VRRPv3 (RFC 5798 removed it); remove the authentication block",
                    at: password.location)
            } else {
                authentication = .password(password.value)
            }
        } else if let type = draft.authenticationType {
            diagnostics.error(
                "auth_type PASS without auth_pass; add 'auth_pass' with a password of up to 8 characters", at: type.location)
            valid = false
        }

        // Preemption: keepalived ignores nopreempt on an instance that starts as MASTER.
        var preempt = draft.noPreempt == nil
        if let noPreempt = draft.noPreempt, draft.state?.value == .master {
            diagnostics.warning(
                "nopreempt has no effect with 'state MASTER' (keepalived clears it too); use 'state BACKUP' with nopreempt",
                at: noPreempt)
            preempt = true
        }

        // RFC 9568 §5.2.9: an IPv6 advert lists the virtual router's link-local address first.
        if family == .ipv6, !draft.virtualAddresses.isEmpty,
           !draft.virtualAddresses.contains(where: { if case .v6(let a) = $0.address { a.isLinkLocal } else { false } }) {
            diagnostics.warning(
                "\(label) has no link-local virtual address; RFC 9568 §5.2.9 lists one first in IPv6 adverts (keepalived does not insist either); add e.g. 'fe80::1/64' to virtual_ipaddress",
                at: draft.location)
        }
        if draft.virtualAddresses.isEmpty && draft.excludedAddresses.isEmpty {
            diagnostics.warning(
                "\(label) has no virtual_ipaddress; it will take part in elections but move no address", at: draft.location)
        }

        guard valid else { return nil }
        var instance = InstanceConfiguration(
            name: draft.name, location: draft.location, initialState: draft.state?.value ?? .backup,
            interface: interface.value, interfaceLocation: interface.location, virtualRouterID: vrid.value,
            priority: draft.priority?.value ?? InstanceConfiguration.Defaults.priority,
            advertisementInterval: interval, version: version, family: family, preempt: preempt,
            preemptDelay: draft.preemptDelay, authentication: authentication,
            unicastSourceAddress: draft.unicastSource?.value, multicastSourceAddress: draft.multicastSource?.value,
            unicastPeers: draft.unicastPeers.map(\.value), virtualAddresses: draft.virtualAddresses,
            acceptMode: draft.acceptMode, garpMasterDelay: draft.garpMasterDelay ?? globals.garpMasterDelay,
            garpMasterRepeat: draft.garpMasterRepeat ?? globals.garpMasterRepeat)
        instance.excludedAddresses = draft.excludedAddresses
        instance.virtualRoutes = draft.virtualRoutes
        instance.virtualRules = draft.virtualRules
        instance.ipv4ChecksumIncludesPseudoHeader = !(draft.v3ChecksumAsV2 ?? globals.v3ChecksumAsV2)
        instance.skipsAdvertAddressCheck = draft.skipsAdvertAddressCheck ?? globals.skipsAdvertAddressCheck
        // GARP: the instance's keyword, else global_defs, else keepalived's default (vrrp.c,
        // vrrp_complete_instance: the lower-priority values fall back to the global ones, which themselves
        // default to the global master delay and repeat).
        instance.garpMasterRefresh = draft.garpMasterRefresh ?? globals.garpMasterRefresh
        instance.garpMasterRefreshRepeat = draft.garpMasterRefreshRepeat ?? globals.garpMasterRefreshRepeat
        instance.garpLowerPriorityDelay = draft.garpLowerPriorityDelay
            ?? globals.garpLowerPriorityDelay ?? globals.garpMasterDelay
        instance.garpLowerPriorityRepeat = draft.garpLowerPriorityRepeat
            ?? globals.garpLowerPriorityRepeat ?? globals.garpMasterRepeat
        instance.garpInterval = globals.garpInterval
        instance.gnaInterval = globals.gnaInterval
        instance.trackedInterfaces = trackedInterfaces(draft.trackedInterfaces, owner: label)
        instance.tracksPrimaryInterface = !draft.dontTrackPrimary
        instance.notify = draft.notify
        return instance
    }

    /// `0.4`, `1`, `0.01` from microseconds.
    static func secondsText(_ micros: Int64) -> String {
        let whole = micros / 1_000_000
        var fraction = micros % 1_000_000
        guard fraction != 0 else { return String(whole) }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }
}
