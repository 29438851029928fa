import VRRPCore

extension StatementReader {
    /// Keywords that may appear once per instance; a repeat warns and the later one wins (keepalived's rule).
    private static let singleUseKeywords: Set<String> = [
        "state", "interface", "virtual_router_id", "priority", "advert_int", "version", "preempt_delay",
        "unicast_src_ip", "mcast_src_ip", "garp_master_delay", "garp_master_repeat", "garp_master_refresh",
        "garp_master_refresh_repeat", "garp_lower_prio_delay", "garp_lower_prio_repeat",
    ]

    /// `vrrp_instance NAME { ... }`.
    mutating func readInstance(_ node: SyntaxNode) -> InstanceDraft? {
        guard let children = block(node) else { return nil }
        guard let nameToken = node.arguments.first else {
            diagnostics.error("'vrrp_instance' needs a name; write 'vrrp_instance VI_1 {'", at: node.location)
            return nil
        }
        if node.arguments.count > 1 { warnExtraArguments(node, after: 1) }
        var draft = InstanceDraft(name: nameToken.text, location: node.location)
        for child in children {
            if Self.singleUseKeywords.contains(child.name) {
                if let first = draft.seen[child.name] {
                    diagnostics.warning(
                        "'\(child.name)' is given again (first at \(first)); this later value wins, remove one of them",
                        at: child.location)
                } else {
                    draft.seen[child.name] = child.location
                }
            }
            readInstanceStatement(child, into: &draft)
        }
        return draft
    }

    private mutating func readInstanceStatement(_ node: SyntaxNode, into draft: inout InstanceDraft) {
        switch node.name {
        case "state":
            guard let value = singleValue(node, example: "BACKUP") else { return }
            switch value.text.uppercased() {
            case "MASTER": draft.state = .init(value: .master, location: value.location)
            case "BACKUP": draft.state = .init(value: .backup, location: value.location)
            default:
                diagnostics.warning(
                    "unknown state '\(value.text)'; keepvip starts as BACKUP (as keepalived does); write 'state MASTER' or 'state BACKUP'",
                    at: value.location)
                draft.state = .init(value: .backup, location: value.location)
            }
        case "interface":
            guard let value = singleValue(node, example: "eth0") else { return }
            if let name = interfaceName(value, keyword: node.name) {
                draft.interface = .init(value: name, location: value.location)
            }
        case "virtual_router_id":
            guard let value = singleValue(node, example: "51"),
                  let number = integer(value, keyword: node.name, in: 1...255) else { return }
            draft.virtualRouterID = .init(value: UInt8(number), location: value.location)
        case "priority":
            guard let value = singleValue(node, example: "100"),
                  let number = integer(value, keyword: node.name, in: 1...255) else { return }
            draft.priority = .init(value: UInt8(number), location: value.location)
        case "advert_int":
            guard let value = singleValue(node, example: "1"),
                  let micros = microseconds(value, keyword: node.name) else { return }
            draft.advertisementInterval = .init(value: micros, location: value.location)
        case "version":
            guard let value = singleValue(node, example: "3"), let version = vrrpVersion(value, keyword: node.name) else { return }
            draft.version = .init(value: version, location: value.location)
        case "native_ipv6":
            flag(node)
            draft.nativeIPv6 = node.location
        case "nopreempt":
            flag(node)
            draft.noPreempt = node.location
        case "preempt":
            flag(node)
            draft.noPreempt = nil
        case "preempt_delay":
            guard let value = singleValue(node, example: "30"),
                  let delay = seconds(value, keyword: node.name, upTo: 1000) else { return }
            draft.preemptDelay = delay
        case "authentication":
            readAuthentication(node, into: &draft)
        case "unicast_src_ip":
            guard let value = singleValue(node, example: "192.0.2.11"),
                  let address = address(value, keyword: node.name) else { return }
            draft.unicastSource = .init(value: address, location: value.location)
        case "mcast_src_ip":
            guard let value = singleValue(node, example: "192.0.2.11"),
                  let address = address(value, keyword: node.name) else { return }
            draft.multicastSource = .init(value: address, location: value.location)
        case "unicast_peer":
            readUnicastPeers(node, into: &draft)
        case "virtual_ipaddress":
            guard let children = block(node) else { return }
            draft.virtualAddresses += children.compactMap { virtualAddress($0, keyword: node.name) }
        case "virtual_ipaddress_excluded":
            guard let children = block(node) else { return }
            draft.excludedAddresses += children.compactMap { virtualAddress($0, keyword: node.name) }
        case "virtual_routes":
            guard let children = block(node) else { return }
            draft.virtualRoutes += children.compactMap { virtualRoute($0) }
        case "virtual_rules":
            guard let children = block(node) else { return }
            draft.virtualRules += children.compactMap { virtualRule($0) }
        case "v3_checksum_as_v2":
            if let value = switchValue(node) { draft.v3ChecksumAsV2 = value }
        case "skip_check_adv_addr":
            if let value = switchValue(node) { draft.skipsAdvertAddressCheck = value }
        case "accept":
            flag(node)
            draft.acceptMode = true
        case "no_accept":
            flag(node)
            draft.acceptMode = false
        case "garp_master_delay":
            if let value = garpMasterDelay(node) { draft.garpMasterDelay = value }
        case "garp_master_repeat":
            if let value = garpMasterRepeat(node) { draft.garpMasterRepeat = value }
        case "garp_master_refresh":
            if let value = garpRefresh(node) { draft.garpMasterRefresh = value }
        case "garp_master_refresh_repeat":
            if let value = garpRefreshRepeat(node) { draft.garpMasterRefreshRepeat = value }
        case "garp_lower_prio_delay":
            if let value = garpWholeSeconds(node) { draft.garpLowerPriorityDelay = value }
        case "garp_lower_prio_repeat":
            if let value = garpCount(node) { draft.garpLowerPriorityRepeat = value }
        case "track_interface":
            draft.trackedInterfaces += readTrackBlock(node, kind: .interface)
        case "dont_track_primary":
            flag(node)
            draft.dontTrackPrimary = true
        case "track_script":
            draft.trackedScripts += readTrackBlock(node, kind: .script)
        case "track_file":
            draft.trackedFiles += readTrackBlock(node, kind: .file)
        default:
            if !readNotify(node, into: &draft.notify, allowsLowerPriority: true) { skip(node) }
        }
    }

    /// Linux interface names: 1-15 bytes, no `/`, no blanks.
    mutating func interfaceName(_ token: Token, keyword: String) -> String? {
        let name = token.text
        if name.utf8.count > 15 || name.isEmpty || name.contains("/") || name == "." || name == ".." {
            diagnostics.error(
                "'\(name)' is not a valid interface name (\(keyword)); Linux names are 1-15 characters without '/'",
                at: token.location)
            return nil
        }
        return name
    }

    private mutating func readAuthentication(_ node: SyntaxNode, into draft: inout InstanceDraft) {
        guard let children = block(node) else { return }
        for child in children {
            switch child.name {
            case "auth_type":
                guard let value = singleValue(child, example: "PASS") else { continue }
                switch value.text.uppercased() {
                case "PASS":
                    draft.authenticationType = .init(value: "PASS", location: value.location)
                case "AH":
                    draft.authenticationRejected = true
                    diagnostics.error(
                        "remove 'auth_type AH': keepvip supports PASS only (IPsec AH authentication is not implemented); "
                            + "use 'auth_type PASS' on all routers of this group, or no authentication block",
                        at: value.location)
                default:
                    draft.authenticationRejected = true
                    diagnostics.error(
                        "unknown auth_type '\(value.text)'; use 'auth_type PASS'", at: value.location)
                }
            case "auth_pass":
                guard let value = singleValue(child, example: "secret") else { continue }
                var bytes = Array(value.text.utf8)
                if bytes.isEmpty {
                    diagnostics.error("auth_pass is empty; write a password of 1 to 8 characters", at: value.location)
                    continue
                }
                if bytes.count > Authentication.maximumPasswordLength {
                    bytes = Array(bytes.prefix(Authentication.maximumPasswordLength))
                    diagnostics.warning(
                        "auth_pass is longer than 8 bytes and is truncated to '\(String(decoding: bytes, as: UTF8.self))' "
                            + "(keepalived does the same, so peers still match); shorten it to 8 characters to silence this",
                        at: value.location)
                }
                draft.password = .init(value: bytes, location: value.location)
            default:
                skip(child)
            }
        }
    }

    private mutating func readUnicastPeers(_ node: SyntaxNode, into draft: inout InstanceDraft) {
        guard let children = block(node) else { return }
        for child in children {
            rejectBlock(child)
            guard let address = address(child.keyword, keyword: "unicast_peer") else { continue }
            if !child.arguments.isEmpty {
                let extra = child.arguments.map(\.text).joined(separator: " ")
                diagnostics.warning(
                    "peer options '\(extra)' are not implemented yet and are ignored", at: child.arguments[0].location)
            }
            draft.unicastPeers.append(.init(value: address, location: child.location))
        }
    }
}
