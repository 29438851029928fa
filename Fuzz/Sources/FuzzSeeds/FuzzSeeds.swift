// Writes the advert seed corpus with keepvip's own encoder:  swift run --package-path Fuzz FuzzSeeds Fuzz/Corpus
// (a normal build: no sanitizers). Each file is laid out as FuzzAdvertisement reads it: a selector byte,
// then a TTL and the VRRP message, or (datagram variants) an IPv4 datagram.
import Glibc
import VRRPCore

let v4Primary = IPAddress.v4(IPv4Address(192, 0, 2, 11))
let v4Peer = IPAddress.v4(IPv4Address(192, 0, 2, 12))
let v4Group = IPAddress.v4(.vrrpMulticastGroup)
let v4Addresses: [IPAddress] = [.v4(IPv4Address(192, 0, 2, 200)), .v4(IPv4Address(192, 0, 2, 201))]
let v6Primary = IPAddress("fe80::11")!
let v6Peer = IPAddress("fe80::12")!
let v6Group = IPAddress.v6(.vrrpMulticastGroup)
let v6Addresses: [IPAddress] = [IPAddress("2001:db8::200")!]
let password = AdvertisementAuthentication.simpleText(Array("password".utf8))

func advert(
    _ version: VRRPVersion, vrid: UInt8 = 51, priority: UInt8 = 150, interval: UInt16 = 100,
    _ addresses: [IPAddress], _ authentication: AdvertisementAuthentication = .none
) -> Advertisement {
    Advertisement(version: version, virtualRouterID: vrid, priority: priority, intervalCentiseconds: interval,
                  addresses: addresses, authentication: authentication)
}

/// An IPv4 header (no checksum: the kernel has checked it) around `payload`, with `options` words of NOPs.
func datagram(_ payload: [UInt8], source: IPAddress, destination: IPAddress, ttl: UInt8 = 255, options: Int = 0) -> [UInt8] {
    func bytes(_ address: IPAddress) -> [UInt8] {
        if case .v4(let v4) = address { return v4.networkBytes }
        return [0, 0, 0, 0]
    }
    let headerLength = 20 + 4 * options
    let total = headerLength + payload.count
    var header: [UInt8] = [0x40 | UInt8(headerLength / 4), 0xC0, UInt8(total >> 8), UInt8(total & 0xFF),
                           0x12, 0x34, 0x00, 0x00, ttl, 112, 0, 0]
    header += bytes(source) + bytes(destination) + [UInt8](repeating: 1, count: 4 * options)
    return header + payload
}

var seeds: [(String, [UInt8])] = []
@MainActor func seed(_ name: String, selector: UInt8, ttl: UInt8 = 255, _ message: [UInt8]) {
    seeds.append((name, [selector, ttl] + message))
}
@MainActor func seedDatagram(_ name: String, selector: UInt8, _ bytes: [UInt8]) {
    seeds.append((name, [selector] + bytes))
}

// Variant 0: v2 / IPv4.
seed("v2-ipv4-multicast", selector: 0x00, advert(.v2, v4Addresses).encoded())
seed("v2-ipv4-password", selector: 0x40, advert(.v2, v4Addresses, password).encoded())
seed("v2-ipv4-unicast-password", selector: 0x50, advert(.v2, v4Addresses, password).encoded())
seed("v2-ipv4-priority0", selector: 0x00, advert(.v2, priority: 0, v4Addresses).encoded())
seed("v2-ipv4-owner", selector: 0x20, advert(.v2, priority: 255, v4Addresses).encoded())
seed("v2-ipv4-other-list", selector: 0x00, advert(.v2, [.v4(IPv4Address(10, 0, 0, 1))]).encoded())
seed("v2-ipv4-no-addresses", selector: 0x00, advert(.v2, []).encoded())
seed("v2-ipv4-interval3", selector: 0x00, advert(.v2, interval: 300, v4Addresses).encoded())
seed("v2-ipv4-bad-ttl", selector: 0x00, ttl: 64, advert(.v2, v4Addresses).encoded())
// Variant 1: v3 / IPv4 with the pseudo-header (keepalived's default).
seed("v3-ipv4-pseudo-multicast", selector: 0x01,
     advert(.v3, v4Addresses).encoded(checksum: .pseudoHeader(source: v4Peer, destination: v4Group)))
seed("v3-ipv4-pseudo-unicast", selector: 0x11,
     advert(.v3, interval: 5, v4Addresses).encoded(checksum: .pseudoHeader(source: v4Peer, destination: v4Primary)))
// Variant 2: v3 / IPv4, message only (RFC 9568, keepalived's v3_checksum_as_v2).
seed("v3-ipv4-message", selector: 0x02, advert(.v3, interval: 4095, v4Addresses).encoded())
seed("v3-ipv4-message-unicast", selector: 0x12, advert(.v3, priority: 1, v4Addresses).encoded())
// Variant 3: v3 / IPv6.
seed("v3-ipv6-multicast", selector: 0x03,
     advert(.v3, v6Addresses).encoded(checksum: .pseudoHeader(source: v6Peer, destination: v6Group)))
seed("v3-ipv6-unicast", selector: 0x13,
     advert(.v3, v6Addresses + [IPAddress("2001:db8::201")!])
        .encoded(checksum: .pseudoHeader(source: v6Peer, destination: v6Primary)))
// Variants 4–6: whole IPv4 datagrams.
seedDatagram("datagram-v2", selector: 0x04,
             datagram(advert(.v2, v4Addresses, password).encoded(), source: v4Peer, destination: v4Group))
seedDatagram("datagram-v2-options", selector: 0x44,
             datagram(advert(.v2, v4Addresses, password).encoded(), source: v4Peer, destination: v4Group, options: 2))
seedDatagram("datagram-v3-pseudo", selector: 0x05,
             datagram(advert(.v3, v4Addresses).encoded(checksum: .pseudoHeader(source: v4Peer, destination: v4Group)),
                      source: v4Peer, destination: v4Group))
seedDatagram("datagram-v3-message-unicast", selector: 0x16,
             datagram(advert(.v3, v4Addresses).encoded(), source: v4Peer, destination: v4Primary, ttl: 64))
// Variant 7: a v2 message where the router runs on IPv6.
seed("v2-on-ipv6", selector: 0x07, advert(.v2, v4Addresses).encoded())

guard CommandLine.arguments.count == 2 else {
    print("usage: FuzzSeeds CORPUS-DIRECTORY")
    exit(2)
}
let directory = CommandLine.arguments[1] + "/FuzzAdvertisement"
mkdir(directory, 0o755)
for (name, bytes) in seeds {
    let path = "\(directory)/\(name).bin"
    guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}
print("wrote \(seeds.count) seeds to \(directory)")
