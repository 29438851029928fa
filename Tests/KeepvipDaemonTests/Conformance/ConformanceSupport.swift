import KeepvipConfig
import VRRPCore

/// Addresses and builders shared by the RFC 9568 conformance suites (see CONFORMANCE.md).
enum Conf {
    static let vrid: UInt8 = 51
    // IPv4: the host under test, a second keepvip host, and simulated peers above and below it.
    static let hostA = IPAddress("192.0.2.21")!
    static let hostB = IPAddress("192.0.2.22")!
    static let peerHigh = IPAddress("192.0.2.30")!
    static let peerLow = IPAddress("192.0.2.5")!
    static let vip = IPAddress("192.0.2.100")!
    static let vip2 = IPAddress("192.0.2.101")!
    // IPv6: link-local sources as RFC 9568 §7.2 asks, a global virtual address.
    static let hostA6 = IPAddress("fe80::21")!
    static let peer6 = IPAddress("fe80::30")!
    static let vip6 = IPAddress("2001:db8::100")!
    static let group4 = IPAddress.v4(.vrrpMulticastGroup)
    static let group6 = IPAddress.v6(.vrrpMulticastGroup)

    static func group(for address: IPAddress) -> IPAddress { address.family == .ipv4 ? group4 : group6 }

    /// A `vrrp_instance` for the host under test: VRRPv3, multicast, 1 s interval unless told otherwise.
    static func instance(
        version: VRRPVersion = .v3, priority: UInt8 = 100, preempt: Bool = true, intervalCentiseconds: Int64 = 100,
        virtualAddresses: [IPAddress] = [vip], unicastPeers: [IPAddress] = [],
        garpRepeat: Int = 5, garpDelay: Duration = .seconds(5)
    ) -> InstanceConfiguration {
        let here = SourceLocation(file: "keepvip.conf", line: 1, column: 1)
        let family = virtualAddresses.first?.family ?? .ipv4
        return InstanceConfiguration(
            name: "VI_\(vrid)", location: here, interface: "eth0", interfaceLocation: here, virtualRouterID: vrid,
            priority: priority, advertisementInterval: .milliseconds(intervalCentiseconds * 10), version: version,
            family: family, preempt: preempt, unicastPeers: unicastPeers,
            virtualAddresses: virtualAddresses.map { VirtualAddress(address: $0, prefixLength: $0.family == .ipv4 ? 24 : 64, location: here) },
            garpMasterDelay: garpDelay, garpMasterRepeat: garpRepeat
        )
    }

    /// An advert as a simulated peer would send it, with the checksum a VRRPv3 (or VRRPv2) receiver expects.
    static func advert(
        from source: IPAddress, to destination: IPAddress? = nil, version: VRRPVersion = .v3, vrid: UInt8 = vrid,
        priority: UInt8, intervalCentiseconds: UInt16 = 100, addresses: [IPAddress]? = nil
    ) -> [UInt8] {
        let destination = destination ?? group(for: source)
        let addresses = addresses ?? (source.family == .ipv4 ? [vip] : [vip6])
        let advertisement = Advertisement(
            version: version, virtualRouterID: vrid, priority: priority, intervalCentiseconds: intervalCentiseconds,
            addresses: addresses
        )
        let scope: ChecksumScope = version == .v2 ? .message : .pseudoHeader(source: source, destination: destination)
        return advertisement.encoded(checksum: scope)
    }

    /// Re-computes the checksum of a hand-edited message (so a test can break exactly one field).
    static func withChecksum(_ message: [UInt8], from source: IPAddress, to destination: IPAddress) -> [UInt8] {
        var sum: UInt32 = 0
        func add(_ bytes: [UInt8]) {
            var index = 0
            while index < bytes.count {
                let high = UInt32(bytes[index]) << 8
                let low = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
                sum += high | low
                index += 2
            }
        }
        var body = message
        body[6] = 0
        body[7] = 0
        switch (source, destination) {
        case (.v4(let s), .v4(let d)):
            add(s.networkBytes + d.networkBytes + [0, 112, UInt8(body.count >> 8), UInt8(body.count & 0xFF)])
        case (.v6(let s), .v6(let d)):
            add(s.bytes + d.bytes + [0, 0, UInt8(body.count >> 8), UInt8(body.count & 0xFF), 0, 0, 0, 112])
        default:
            break
        }
        add(body)
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        let checksum = ~UInt16(sum)
        body[6] = UInt8(checksum >> 8)
        body[7] = UInt8(checksum & 0xFF)
        return body
    }
}

/// A simulated VRRP router on the segment: scripted adverts on a timeline, no state machine of its own.
struct ScriptedPeer {
    let address: IPAddress
    let segment: InMemorySegment
    var version: VRRPVersion = .v3
    var intervalCentiseconds: UInt16 = 100

    /// One advert at `instant`.
    func advertise(at instant: Instant, priority: UInt8, ttl: UInt8 = 255, vrid: UInt8 = Conf.vrid, addresses: [IPAddress]? = nil) {
        let destination = Conf.group(for: address)
        let message = Conf.advert(
            from: address, to: destination, version: version, vrid: vrid, priority: priority,
            intervalCentiseconds: intervalCentiseconds, addresses: addresses
        )
        segment.schedule(at: instant) { [segment, address] in
            segment.inject(message, from: address, to: destination, ttl: ttl)
        }
    }

    /// Adverts every `intervalCentiseconds` from `start` while before `end`, like an Active router.
    func advertise(from start: Instant, until end: Instant, priority: UInt8) {
        var at = start
        while at < end {
            advertise(at: at, priority: priority)
            at = at + .milliseconds(Int64(intervalCentiseconds) * 10)
        }
    }

    /// A raw message at `instant` (a broken or hostile peer).
    func send(_ message: [UInt8], at instant: Instant, ttl: UInt8 = 255) {
        let destination = Conf.group(for: address)
        segment.schedule(at: instant) { [segment, address] in
            segment.inject(message, from: address, to: destination, ttl: ttl)
        }
    }
}

extension SimulatedHost {
    /// When this host sent adverts.
    var advertTimes: [Instant] { events.filter { $0.what == "advert" }.map(\.at) }
    /// When this host first added a virtual address (became Active), if ever.
    var firstTakeover: Instant? { vipChanges.first { $0.added }?.at }
}

extension Instant {
    /// `seconds` after the segment's start, exactly (for durations that are whole nanoseconds).
    static func at(_ duration: Duration) -> Instant { .zero + duration }
}
