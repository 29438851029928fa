// libFuzzer target: the VRRP advert decoder and the receive checks, for every protocol variant.
//
// Input layout:  [selector] [TTL] [VRRP message …]          (variants 0–3, 7)
//                [selector] [IPv4 datagram as a raw socket delivers it …]   (variants 4–6)
//
// selector bits 0–2: variant
//   0 v2 / IPv4                    4 v2 / IPv4 datagram → ReceivedAdvertisement.parse
//   1 v3 / IPv4, pseudo-header     5 v3 / IPv4 datagram, pseudo-header
//   2 v3 / IPv4, message only      6 v3 / IPv4 datagram, message only
//   3 v3 / IPv6                    7 v2 configured on IPv6 (the decoder must refuse the family)
// bit 3: repair the checksum first (so mutations get past it and reach the later checks)
// bit 4: unicast delivery (the source is the configured peer) instead of multicast
// bit 5: we are the address owner (priority 255)
// bit 6: VRRPv2 simple-text authentication "password"
// bit 7: the packet comes from an address that is not the peer
//
// Besides not crashing, every advert the decoder accepts must survive encode → decode unchanged.
import FuzzDriver
import KeepvipLinux
import VRRPCore

private let vrid: UInt8 = 51
private let v4Primary = IPAddress.v4(IPv4Address(192, 0, 2, 11))
private let v4Peer = IPAddress.v4(IPv4Address(192, 0, 2, 12))
private let v4Stranger = IPAddress.v4(IPv4Address(198, 51, 100, 7))
private let v4Addresses: [IPAddress] = [.v4(IPv4Address(192, 0, 2, 200)), .v4(IPv4Address(192, 0, 2, 201))]
// IPv6 addresses are kept as structs and wrapped per input: a global IPAddress.v6 keeps its array's heap
// pointer with enum tag bits set, which LeakSanitizer cannot follow (it reports the global as a leak).
private let v6PrimaryBytes = IPv6Address("fe80::11")!
private let v6PeerBytes = IPv6Address("fe80::12")!
private let v6StrangerBytes = IPv6Address("fe80::99")!
private let v6AddressBytes = IPv6Address("2001:db8::200")!

private struct Variant {
    var version: VRRPVersion
    var family: AddressFamily
    var pseudoHeader: Bool
    var datagram: Bool

    init(_ code: UInt8) {
        switch code & 0x07 {
        case 0: (version, family, pseudoHeader, datagram) = (.v2, .ipv4, false, false)
        case 1: (version, family, pseudoHeader, datagram) = (.v3, .ipv4, true, false)
        case 2: (version, family, pseudoHeader, datagram) = (.v3, .ipv4, false, false)
        case 3: (version, family, pseudoHeader, datagram) = (.v3, .ipv6, true, false)
        case 4: (version, family, pseudoHeader, datagram) = (.v2, .ipv4, false, true)
        case 5: (version, family, pseudoHeader, datagram) = (.v3, .ipv4, true, true)
        case 6: (version, family, pseudoHeader, datagram) = (.v3, .ipv4, false, true)
        default: (version, family, pseudoHeader, datagram) = (.v2, .ipv6, false, false)
        }
    }
}

private func sameContent(_ a: Advertisement, _ b: Advertisement) -> Bool {
    // `authenticationType` is kept as received, and an unknown type re-encodes as 0: compare the rest.
    a.version == b.version && a.virtualRouterID == b.virtualRouterID && a.priority == b.priority
        && a.intervalCentiseconds == b.intervalCentiseconds && a.addresses == b.addresses
        && a.authentication == b.authentication
}

private func fuzzOne(_ input: [UInt8]) {
    guard let selector = input.first else { return }
    let variant = Variant(selector)
    let repairChecksum = selector & 0x08 != 0
    let unicast = selector & 0x10 != 0
    let owner = selector & 0x20 != 0
    let password = selector & 0x40 != 0
    let stranger = selector & 0x80 != 0

    let v6 = variant.family == .ipv6
    let v6Primary = IPAddress.v6(v6PrimaryBytes), v6Peer = IPAddress.v6(v6PeerBytes)
    let v6Stranger = IPAddress.v6(v6StrangerBytes), v6Addresses = [IPAddress.v6(v6AddressBytes)]
    var packet: ReceivedPacket
    if variant.datagram {
        switch ReceivedAdvertisement.parse(datagram: input[1...], interfaceIndex: 2) {
        case .failure: return
        case .success(let received):
            if received.payload.count > input.count { fatalError("payload longer than the datagram") }
            packet = ReceivedPacket(
                source: .v4(received.source), destination: .v4(received.destination), hopLimit: received.ttl,
                payload: received.payload)
        }
    } else {
        guard input.count >= 2 else { return }
        let source = stranger ? (v6 ? v6Stranger : v4Stranger) : (v6 ? v6Peer : v4Peer)
        let destination = unicast
            ? (v6 ? v6Primary : v4Primary)
            : (v6 ? IPAddress.v6(.vrrpMulticastGroup) : IPAddress.v4(.vrrpMulticastGroup))
        packet = ReceivedPacket(source: source, destination: destination, hopLimit: input[1], payload: Array(input[2...]))
    }

    var configuration = VirtualRouterConfiguration(
        version: variant.version, virtualRouterID: vrid, priority: owner ? 255 : 100,
        advertisementIntervalCentiseconds: 100,
        primaryAddress: v6 ? v6Primary : v4Primary, virtualAddresses: v6 ? v6Addresses : v4Addresses,
        authentication: password ? .simpleText(Array("password".utf8)) : .none,
        delivery: unicast ? .unicast(peers: [v6 ? v6Peer : v4Peer]) : .multicast)
    configuration.ipv4ChecksumIncludesPseudoHeader = variant.pseudoHeader
    let scope: ChecksumScope = variant.pseudoHeader
        ? .pseudoHeader(source: packet.source, destination: packet.destination) : .message

    if repairChecksum {
        do {
            _ = try Advertisement(decoding: packet.payload, family: variant.family, checksum: scope)
        } catch {
            if case .badChecksum(_, let computed) = error {
                packet.payload[6] = UInt8(computed >> 8)
                packet.payload[7] = UInt8(computed & 0xFF)
            }
        }
    }

    // The decoder on its own, through a slice (indices not starting at 0).
    let sliced = ([0xEE] + packet.payload)[1...]
    do {
        let advert = try Advertisement(decoding: sliced, family: variant.family, checksum: scope)
        let again: Advertisement
        do {
            again = try Advertisement(decoding: advert.encoded(checksum: scope), family: variant.family, checksum: scope)
        } catch {
            fatalError("re-encoded advert does not decode: \(error)")
        }
        if !sameContent(advert, again) { fatalError("round trip changed the advert: \(advert) → \(again)") }
        _ = advert.interval
    } catch {
        _ = error.description
    }

    // The full receive checks, as the daemon runs them.
    let check = ReceiveCheck(configuration: configuration)
    switch check.check(packet) {
    case .success(let accepted):
        if accepted.advertisement.virtualRouterID != vrid { fatalError("accepted another VRID") }
        if owner { fatalError("the address owner accepted an advert") }
        if accepted.advertisement.version != variant.version { fatalError("accepted another version") }
    case .failure(let rejected):
        _ = rejected.description
    }
    _ = packet.virtualRouterID
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdvertisement(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    fuzzOne(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_cdecl("FuzzAdvertisement_main")
public func fuzzAdvertisementMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, warmUp: {
        // Every variant once.
        let warmUp = Advertisement(
            version: .v2, virtualRouterID: vrid, priority: 100, intervalCentiseconds: 100, addresses: v4Addresses
        ).encoded()
        for selector in 0...UInt8.max { fuzzOne([selector, 255] + warmUp) }
    }, testOneInput: fuzzAdvertisement)
}
