import Testing
import VRRPCore

@Suite struct AddressTests {
    @Test(arguments: ["192.0.2.1", "0.0.0.0", "255.255.255.255", "198.51.100.7"])
    func ipv4RoundTrips(_ text: String) {
        #expect(IPv4Address(text)?.description == text)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", "1.2.3.4 ", "1234.1.1.1", "192.0.2.1/24"])
    func ipv4RejectsMalformed(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test(arguments: [
        ("2001:db8::1", "2001:db8::1"), ("FE80::1", "fe80::1"), ("::", "::"), ("::1", "::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("::ffff:192.0.2.1", "::ffff:c000:201"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"),
    ])
    func ipv6ParsesAndFormats(_ input: String, _ expected: String) {
        #expect(IPv6Address(input)?.description == expected)
    }

    @Test(arguments: ["2001:db8:::1", "1:2:3:4:5:6:7:8:9", "2001:db8::1::2", "12345::", "g::1", ":", "1:2:3:4:5:6:7"])
    func ipv6RejectsMalformed(_ text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func ipv6BytesRoundTripAndOrderAsNetworkBytes() {
        let texts = ["::", "::1", "fe80::1", "febf::1", "fec0::1", "ff02::12", "2001:db8::1", "2001:db8:0:1::", "ffff::ffff"]
        let addresses = texts.map { IPv6Address($0)! }
        for address in addresses {
            #expect(IPv6Address(networkBytes: address.bytes) == address)
            #expect(address.withNetworkBytes { Array($0) } == address.bytes)
        }
        for a in addresses {
            for b in addresses {
                #expect((a < b) == a.bytes.lexicographicallyPrecedes(b.bytes), "\(a) < \(b)")
            }
        }
        #expect(addresses.map(\.isLinkLocal) == [false, false, true, true, false, false, false, false, false])
        #expect(addresses.map(\.isMulticast) == [false, false, false, false, false, true, false, false, true])
        #expect(addresses.map(\.isUnspecifiedOrLoopback) == [true, true, false, false, false, false, false, false, false])
    }

    @Test func tieBreakIsUnsignedNetworkOrder() {
        #expect(IPAddress("192.0.2.12")! > IPAddress("192.0.2.11")!)
        #expect(IPAddress("200.0.0.1")! > IPAddress("100.0.0.1")!)
        #expect(IPAddress("fe80::2")! > IPAddress("fe80::1")!)
    }
}
