import Testing
@testable import VRRPCore

/// The advert keepalived 2.2.7 sent for the reference config (VRID 101, priority 101, PASS
/// "passwordgoeshere" truncated to "password", VIP 192.0.2.200), captured with tcpdump.
let keepalivedReferenceAdvert: [UInt8] = [
    0x21, 0x65, 0x65, 0x01, 0x01, 0x01, 0xE8, 0x26,
    0xC0, 0x00, 0x02, 0xC8,
    0x70, 0x61, 0x73, 0x73, 0x77, 0x6F, 0x72, 0x64,
]

let vip = IPAddress.v4(IPv4Address(192, 0, 2, 200))

func referenceAdvert(priority: UInt8 = 101) -> Advertisement {
    Advertisement(
        version: .v2, virtualRouterID: 101, priority: priority, intervalCentiseconds: 100,
        addresses: [vip], authentication: .simpleText(Array("password".utf8))
    )
}

@Suite struct AdvertisementTests {
    @Test func decodesKeepalivedCapture() throws {
        let advert = try Advertisement(decoding: keepalivedReferenceAdvert)
        #expect(advert == referenceAdvert())
        #expect(advert.interval == .seconds(1))
    }

    @Test func encodesByteForByteAsKeepalived() {
        #expect(referenceAdvert().encoded() == keepalivedReferenceAdvert)
    }

    @Test func priorityZeroRoundTrips() throws {
        let bytes = referenceAdvert(priority: 0).encoded()
        #expect(try Advertisement(decoding: bytes).priority == 0)
    }

    @Test func rejectsShortPackets() {
        for length in 0..<keepalivedReferenceAdvert.count {
            #expect(throws: AdvertisementDecodeError.self) {
                try Advertisement(decoding: keepalivedReferenceAdvert.prefix(length))
            }
        }
    }

    @Test func rejectsBadChecksum() {
        var bytes = keepalivedReferenceAdvert
        bytes[2] = 150
        #expect {
            try Advertisement(decoding: bytes)
        } throws: { error in
            guard case .badChecksum(received: 0xE826, let computed) = error as? AdvertisementDecodeError else { return false }
            return computed != 0xE826
        }
    }

    @Test func rejectsUnknownVersionAndType() {
        var bytes = keepalivedReferenceAdvert
        bytes[0] = 0x41
        #expect(throws: AdvertisementDecodeError.unsupportedVersion(4)) { try Advertisement(decoding: bytes) }
        bytes[0] = 0x22
        #expect(throws: AdvertisementDecodeError.unknownType(2)) { try Advertisement(decoding: bytes) }
    }

    @Test func rejectsAddressCountBeyondPacket() {
        var bytes = keepalivedReferenceAdvert
        bytes[3] = 3
        #expect(throws: AdvertisementDecodeError.truncated(length: 20, needed: 28)) { try Advertisement(decoding: bytes) }
    }

    @Test func versionTwoIsIPv4Only() {
        #expect(throws: AdvertisementDecodeError.familyNotInVersion(.ipv6, .v2)) {
            try Advertisement(decoding: keepalivedReferenceAdvert, family: .ipv6)
        }
    }

    @Test func versionThreeRoundTripsWithPseudoHeader() throws {
        let source = IPAddress.v4(IPv4Address(192, 0, 2, 11))
        let scope = ChecksumScope.pseudoHeader(source: source, destination: .v4(.vrrpMulticastGroup))
        let advert = Advertisement(version: .v3, virtualRouterID: 7, priority: 200, intervalCentiseconds: 10, addresses: [vip])
        let bytes = advert.encoded(checksum: scope)
        #expect(bytes.count == 12)
        #expect(bytes[4] == 0 && bytes[5] == 10)
        #expect(try Advertisement(decoding: bytes, checksum: scope) == advert)
        #expect(throws: AdvertisementDecodeError.self) { try Advertisement(decoding: bytes, checksum: .message) }
    }

    /// The expected list only saves building an array: the decoded list is the wire's either way.
    @Test func decodingWithAnExpectedListYieldsTheWireList() throws {
        let other = IPAddress.v4(IPv4Address(192, 0, 2, 201))
        let advert = Advertisement(version: .v3, virtualRouterID: 7, priority: 200, intervalCentiseconds: 10, addresses: [vip, other])
        let bytes = advert.encoded()
        for expected in [[vip, other], [other, vip], [vip], [], [vip, other, other]] {
            #expect(try Advertisement(decoding: bytes, expecting: expected).addresses == [vip, other])
        }
    }

    @Test func passwordShorterThanEightIsZeroPadded() {
        let advert = Advertisement(
            version: .v2, virtualRouterID: 1, priority: 100, intervalCentiseconds: 100,
            addresses: [vip], authentication: .simpleText(Array("abc".utf8))
        )
        #expect(Array(advert.encoded().suffix(8)) == [0x61, 0x62, 0x63, 0, 0, 0, 0, 0])
    }
}
