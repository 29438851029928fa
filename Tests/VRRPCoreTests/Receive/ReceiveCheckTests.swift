import Testing
import VRRPCore

@Suite struct ReceiveCheckTests {
    let check = ReceiveCheck(configuration: configuration(priority: 100, primary: lb1))

    func packet(
        _ bytes: [UInt8] = keepalivedReferenceAdvert, from source: IPAddress = lb2, to destination: IPAddress = lb1,
        ttl: UInt8 = 255
    ) -> ReceivedPacket {
        ReceivedPacket(source: source, destination: destination, hopLimit: ttl, payload: bytes)
    }

    func reason(_ packet: ReceivedPacket, _ check: ReceiveCheck? = nil) -> DropReason? {
        if case .failure(let rejected) = (check ?? self.check).check(packet) { rejected.reason } else { nil }
    }

    @Test func acceptsKeepalivedAdvertFromPeer() throws {
        let accepted = try check.check(packet()).get()
        #expect(accepted.advertisement.priority == 101)
    }

    // Unicast: the source must be a configured peer.
    @Test func rejectsUnknownUnicastSource() {
        #expect(reason(packet(from: .v4(IPv4Address(192, 0, 2, 13)))) == .unknownSource)
    }

    // Unicast: TTL is not checked (adverts may be routed); multicast: TTL must be 255.
    @Test func ttlCheckedForMulticastOnly() {
        #expect(reason(packet(ttl: 64)) == nil)
        var multicast = configuration(priority: 100)
        multicast.delivery = .multicast
        let group = IPAddress.v4(.vrrpMulticastGroup)
        #expect(reason(packet(to: group, ttl: 254), ReceiveCheck(configuration: multicast)) == .hopLimit)
        #expect(reason(packet(to: group, ttl: 255), ReceiveCheck(configuration: multicast)) == nil)
    }

    @Test func rejectsOtherVersion() {
        let v3 = advert(priority: 100, version: .v3).encoded(checksum: .pseudoHeader(source: lb2, destination: lb1))
        #expect(reason(packet(v3)) == .version)
    }

    @Test func rejectsBadType() {
        var bytes = keepalivedReferenceAdvert
        bytes[0] = 0x22
        #expect(reason(packet(bytes)) == .type)
    }

    @Test func rejectsTruncated() {
        #expect(reason(packet(Array(keepalivedReferenceAdvert.prefix(15)))) == .length)
    }

    @Test func rejectsBadChecksum() {
        var bytes = keepalivedReferenceAdvert
        bytes[7] ^= 1
        #expect(reason(packet(bytes)) == .checksum)
    }

    @Test func rejectsOtherVRID() {
        var other = referenceAdvert()
        other.virtualRouterID = 102
        #expect(reason(packet(other.encoded())) == .unknownVirtualRouter)
    }

    @Test func ownerDiscardsAdverts() {
        #expect(reason(packet(), ReceiveCheck(configuration: configuration(priority: 255))) == .addressOwner)
    }

    @Test func rejectsAuthTypeAndPasswordMismatch() {
        var none = referenceAdvert()
        none.authentication = .none
        let noAuth = Advertisement(version: .v2, virtualRouterID: 101, priority: 101, intervalCentiseconds: 100, addresses: [vip])
        #expect(reason(packet(noAuth.encoded())) == .authenticationType)
        let wrong = Advertisement(
            version: .v2, virtualRouterID: 101, priority: 101, intervalCentiseconds: 100, addresses: [vip],
            authentication: .simpleText(Array("passw0rd".utf8))
        )
        #expect(reason(packet(wrong.encoded())) == .authentication)
    }

    // RFC 3768 §5.3.6: only Auth Types 0, 1 and 2 exist; another is counted apart from a mismatch
    // (keepalived's "Invalid Type" and "Type Mismatch").
    @Test func rejectsAnAuthTypeThatDoesNotExist() {
        var bytes = referenceAdvert().encoded()
        bytes[4] = 7
        bytes[6] = 0
        bytes[7] = 0
        var sum: UInt32 = 0
        for index in stride(from: 0, to: bytes.count, by: 2) {
            sum += UInt32(bytes[index]) << 8 | UInt32(index + 1 < bytes.count ? bytes[index + 1] : 0)
        }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        bytes[6] = UInt8(~UInt16(sum) >> 8)
        bytes[7] = UInt8(~UInt16(sum) & 0xFF)
        #expect(reason(packet(bytes)) == .invalidAuthenticationType)
    }

    @Test func rejectsIntervalMismatch() {
        var slow = referenceAdvert()
        slow.intervalCentiseconds = 200
        #expect(reason(packet(slow.encoded())) == .interval)
    }


    @Test func rejectsOtherFamily() {
        #expect(reason(packet(from: IPAddress("2001:db8::1")!)) == .family)
    }

    @Test func everyRejectionNamesItsReason() {
        var bytes = keepalivedReferenceAdvert
        bytes[7] ^= 1
        if case .failure(let rejected) = check.check(packet(bytes)) {
            #expect(rejected.detail.contains("checksum"))
        } else {
            Issue.record("accepted a bad checksum")
        }
    }
}

/// RFC 9568 §5.2.8 vs RFC 5798: the two VRRPv3 IPv4 checksum forms, and the reason named when a
/// peer uses the other one.
@Suite struct VersionThreeChecksumTests {
    func v3Configuration(pseudoHeader: Bool) -> VirtualRouterConfiguration {
        var configuration = VirtualRouterConfiguration(
            version: .v3, virtualRouterID: 101, priority: 100, advertisementIntervalCentiseconds: 10,
            primaryAddress: lb1, virtualAddresses: [vip], delivery: .multicast
        )
        configuration.ipv4ChecksumIncludesPseudoHeader = pseudoHeader
        return configuration
    }

    func packet(_ scope: ChecksumScope) -> ReceivedPacket {
        let bytes = advert(priority: 150, version: .v3, intervalCentiseconds: 10).encoded(checksum: scope)
        return ReceivedPacket(source: lb2, destination: .v4(.vrrpMulticastGroup), hopLimit: 255, payload: bytes)
    }

    let withHeader = ChecksumScope.pseudoHeader(source: lb2, destination: .v4(.vrrpMulticastGroup))

    @Test func scopesFollowVersionFamilyAndSetting() {
        #expect(v3Configuration(pseudoHeader: true).checksumScope(source: lb2, destination: lb1) == .pseudoHeader(source: lb2, destination: lb1))
        #expect(v3Configuration(pseudoHeader: false).checksumScope(source: lb2, destination: lb1) == .message)
        #expect(configuration().checksumScope(source: lb2, destination: lb1) == .message)
    }

    @Test func acceptsTheConfiguredForm() throws {
        _ = try ReceiveCheck(configuration: v3Configuration(pseudoHeader: true)).check(packet(withHeader)).get()
        _ = try ReceiveCheck(configuration: v3Configuration(pseudoHeader: false)).check(packet(.message)).get()
    }

    @Test func namesTheFixForTheOtherForm() {
        guard case .failure(let rejected) = ReceiveCheck(configuration: v3Configuration(pseudoHeader: true)).check(packet(.message)) else {
            Issue.record("accepted a message-only checksum")
            return
        }
        #expect(rejected.reason == .checksum)
        #expect(rejected.detail.contains("set v3_checksum_as_v2"))
        guard case .failure(let other) = ReceiveCheck(configuration: v3Configuration(pseudoHeader: false)).check(packet(withHeader)) else {
            Issue.record("accepted a pseudo-header checksum")
            return
        }
        #expect(other.detail.contains("remove v3_checksum_as_v2"))
    }

    @Test func corruptionIsStillCorruption() {
        var corrupt = packet(withHeader)
        corrupt.payload[7] ^= 0x55
        guard case .failure(let rejected) = ReceiveCheck(configuration: v3Configuration(pseudoHeader: true)).check(corrupt) else {
            Issue.record("accepted a corrupt checksum")
            return
        }
        #expect(rejected.detail.hasPrefix("bad checksum"))
    }
}
