import Testing
import VRRPCore

/// What keepalived drops and keepvip must drop too: trailing bytes, a foreign address list, adverts
/// sent where the router does not listen — on both families, in both modes.
@Suite struct ReceivePathTests {
    static let v6Primary = IPAddress("fe80::11")!
    static let v6Peer = IPAddress("fe80::12")!
    static let v6Own = IPAddress("2001:db8::11")!
    static let v6VIP = IPAddress("2001:db8::200")!

    enum Family: CaseIterable { case ipv4, ipv6 }
    enum Mode: CaseIterable { case multicast, unicast }

    /// A VRRPv3 router of `family` in `mode`, and the packets of its peer.
    struct Setup {
        var configuration: VirtualRouterConfiguration
        var peer: IPAddress
        var listening: IPAddress
        var own: IPAddress

        init(_ family: Family, _ mode: Mode) {
            let v4 = family == .ipv4
            let primary = v4 ? lb1 : ReceivePathTests.v6Primary
            peer = v4 ? lb2 : ReceivePathTests.v6Peer
            own = v4 ? lb1 : ReceivePathTests.v6Own
            configuration = VirtualRouterConfiguration(
                version: .v3, virtualRouterID: 101, priority: 100, primaryAddress: primary,
                virtualAddresses: [v4 ? vip : ReceivePathTests.v6VIP],
                delivery: mode == .multicast ? .multicast : .unicast(peers: [peer])
            )
            configuration.unicastListeningAddress = own
            listening = mode == .multicast ? configuration.multicastGroup : own
        }

        func advert(priority: UInt8 = 150, addresses: [IPAddress]? = nil) -> Advertisement {
            Advertisement(version: .v3, virtualRouterID: 101, priority: priority, intervalCentiseconds: 100,
                          addresses: addresses ?? configuration.advertisedAddresses)
        }

        func packet(_ advert: Advertisement? = nil, to destination: IPAddress? = nil, from source: IPAddress? = nil,
                    trailing: [UInt8] = []) -> ReceivedPacket {
            let destination = destination ?? listening
            let source = source ?? peer
            let bytes = (advert ?? self.advert()).encoded(checksum: .pseudoHeader(source: source, destination: destination))
            return ReceivedPacket(source: source, destination: destination, hopLimit: 255, payload: bytes + trailing)
        }

        func verdict(_ packet: ReceivedPacket) -> DropReason? {
            if case .failure(let rejected) = ReceiveCheck(configuration: configuration).check(packet) { rejected.reason } else { nil }
        }
    }

    static let all = Family.allCases.flatMap { family in Mode.allCases.map { (family, $0) } }

    @Test(arguments: all) func acceptsTheRightAdvert(family: Family, mode: Mode) {
        let setup = Setup(family, mode)
        #expect(setup.verdict(setup.packet()) == nil)
    }

    // RFC 9568 §5.2.8 / §7.1: the message is the whole IP payload; keepalived: "packet too long".
    @Test(arguments: all) func trailingBytesAreDropped(family: Family, mode: Mode) {
        let setup = Setup(family, mode)
        #expect(setup.verdict(setup.packet(trailing: Array(repeating: 0, count: 8))) == .length)
        #expect(setup.verdict(setup.packet(trailing: [1])) == .length)
    }

    // RFC 9568 §7.1: another list is dropped unless the sender is the address owner.
    @Test(arguments: all) func foreignAddressListIsDropped(family: Family, mode: Mode) {
        let setup = Setup(family, mode)
        let other = family == .ipv4 ? IPAddress("192.0.2.201")! : IPAddress("2001:db8::201")!
        let ours = setup.configuration.advertisedAddresses
        for list in [[other], ours + [other], []] {
            #expect(setup.verdict(setup.packet(setup.advert(addresses: list))) == .addressList)
        }
        #expect(setup.verdict(setup.packet(setup.advert(priority: 255, addresses: [other]))) == nil)
    }

    // One rule for both modes: only where the router listens.
    @Test(arguments: all) func wrongDestinationsAreDropped(family: Family, mode: Mode) {
        let setup = Setup(family, mode)
        let elsewhere: [IPAddress] = family == .ipv4
            ? [IPAddress("224.0.0.1")!, IPAddress("192.0.2.255")!, IPAddress("255.255.255.255")!, IPAddress("192.0.2.99")!]
            : [IPAddress("ff02::1")!, IPAddress("2001:db8::99")!]
        for destination in elsewhere + [mode == .multicast ? setup.own : setup.configuration.multicastGroup] {
            #expect(setup.verdict(setup.packet(to: destination)) == .destination, "\(destination)")
        }
    }

    // Unicast mode without a configured address: any unicast address of this host, never a group or broadcast.
    @Test func unicastWithoutListeningAddress() {
        var setup = Setup(.ipv4, .unicast)
        setup.configuration.unicastListeningAddress = nil
        #expect(setup.verdict(setup.packet(to: IPAddress("192.0.2.99")!)) == nil)
        #expect(setup.verdict(setup.packet(to: IPAddress("224.0.0.1")!)) == .destination)
        #expect(setup.verdict(setup.packet(to: IPAddress("255.255.255.255")!)) == .destination)
    }

    // keepalived's skip_check_adv_addr: the Active router accepted last is not checked again; a new
    // sender is.
    @Test func skipCheckForTheSameSender() {
        var setup = Setup(.ipv4, .multicast)
        setup.configuration.skipsAddressCheckForSameSender = true
        var check = ReceiveCheck(configuration: setup.configuration)
        let foreign = setup.advert(addresses: [IPAddress("192.0.2.201")!])
        guard case .failure = check.receive(setup.packet(foreign)) else {
            Issue.record("a first sender's foreign list was accepted")
            return
        }
        _ = check.receive(setup.packet())
        guard case .success = check.receive(setup.packet(foreign)) else {
            Issue.record("the last Active router's list was checked")
            return
        }
        guard case .failure(let rejected) = check.receive(setup.packet(foreign, from: IPAddress("192.0.2.13")!)) else {
            Issue.record("a new sender's foreign list was accepted")
            return
        }
        #expect(rejected.reason == .addressList)
    }

    // The log line names what is missing and what is extra.
    @Test func mismatchSaysWhat() {
        let setup = Setup(.ipv4, .multicast)
        let advert = setup.advert(addresses: [IPAddress("192.0.2.201")!])
        guard case .failure(let rejected) = ReceiveCheck(configuration: setup.configuration).check(setup.packet(advert)) else {
            Issue.record("accepted")
            return
        }
        #expect(rejected.detail == "address list differs from ours: missing 192.0.2.200; extra 192.0.2.201")
    }
}

/// Sources that can never be a router, and (unicast mode) sources outside `unicast_peer`, on both families.
@Suite struct ImpossibleSourceTests {
    typealias Setup = ReceivePathTests.Setup

    @Test(arguments: ReceivePathTests.all) func impossibleSourcesAreDropped(family: ReceivePathTests.Family, mode: ReceivePathTests.Mode) {
        let setup = Setup(family, mode)
        let sources: [IPAddress] = family == .ipv4
            ? ["0.0.0.0", "127.0.0.1", "224.0.0.18", "255.255.255.255"].map { IPAddress($0)! }
            : ["::", "::1", "ff02::12"].map { IPAddress($0)! }
        for source in sources + [setup.configuration.primaryAddress] {
            #expect(setup.verdict(setup.packet(from: source)) == .unknownSource, "\(source)")
        }
    }

    @Test func unicastSourceOutsidePeersIsDroppedOnIPv6() {
        let setup = Setup(.ipv6, .unicast)
        #expect(setup.verdict(setup.packet(from: IPAddress("fe80::99")!)) == .unknownSource)
        #expect(setup.verdict(setup.packet()) == nil)
    }
}
