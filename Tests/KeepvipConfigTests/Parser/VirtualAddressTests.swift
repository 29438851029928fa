import Testing
import VRRPCore
@testable import KeepvipConfig

struct VirtualAddressTests {
    func addresses(_ lines: String) -> LoadResult {
        load(instance("    virtual_ipaddress {\n" + lines + "\n    }"))
    }

    @Test func readsAllOptions() throws {
        let result = addresses("        192.0.2.10/24 brd 192.0.2.255 dev eth1 scope global label eth1:vip\n        192.0.2.11")
        #expect(result.diagnostics.isEmpty)
        let vips = try #require(result.configuration?.instances.first?.virtualAddresses)
        #expect(vips[0].address == IPAddress("192.0.2.10"))
        #expect(vips[0].prefixLength == 24)
        #expect(vips[0].broadcast == IPv4Address("192.0.2.255"))
        #expect(vips[0].device == "eth1")
        #expect(vips[0].scope == .global)
        #expect(vips[0].label == "eth1:vip")
        #expect(vips[0].location == SourceLocation(file: "test.conf", line: 5, column: 9))
        #expect(vips[1].prefixLength == 32)
        #expect(vips[1].device == nil)
    }

    @Test func parsesScopes() {
        #expect(AddressScope("link") == .link)
        #expect(AddressScope("host")?.value == 254)
        #expect(AddressScope("200") == .number(200))
        #expect(AddressScope("galaxy") == nil)
    }

    @Test func refusesALabelLongerThan15Bytes() {
        let result = addresses("        192.0.2.10 label eth0:averylonglabel")
        #expect(result.errorTexts == [
            "test.conf:5:26: error: label 'eth0:averylonglabel' is 19 bytes; the kernel allows at most 15, shorten it (e.g. 'eth0:1')",
        ])
    }

    @Test func refusesBadAddressesAndPrefixes() {
        #expect(addresses("        192.0.2.256").errorTexts == [
            "test.conf:5:9: error: '192.0.2.256' is not an IP address (virtual_ipaddress); write an IPv4 address like 192.0.2.10 or an IPv6 address like 2001:db8::10",
        ])
        #expect(addresses("        192.0.2.1/33").errorTexts == [
            "test.conf:5:19: error: prefix length '/33' in '192.0.2.1/33' is not valid for IPv4; use /0 to /32",
        ])
        #expect(addresses("        2001:db8::1 brd 2001:db8::ff").errorTexts == [
            "test.conf:5:25: error: 'brd 2001:db8::ff' is not valid here; brd takes an IPv4 address and only for an IPv4 address",
        ])
        #expect(addresses("        192.0.2.1 dev").errorTexts == [
            "test.conf:5:19: error: 'dev' needs a value in '192.0.2.1 ...'; e.g. 'dev eth0'",
        ])
        #expect(addresses("        192.0.2.1 colour blue").errorTexts == [
            "test.conf:5:19: error: unknown option 'colour' on virtual address 192.0.2.1; use ADDR[/LEN] [brd X] [dev IF] [scope S] [label L]",
        ])
    }

    @Test func warnsAboutOptionsNotImplementedYet() throws {
        let result = addresses("        192.0.2.1 no_track preferred_lft 0")
        #expect(result.errors.isEmpty)
        #expect(result.warnings.count == 2)
        #expect(result.configuration?.instances.first?.virtualAddresses.count == 1)
    }

    @Test func describesInKeepalivedSyntax() {
        let vip = VirtualAddress(
            address: IPAddress("2001:db8::1")!, prefixLength: 64, device: "eth0", scope: .link,
            location: SourceLocation(file: "f", line: 1, column: 1))
        #expect(vip.description == "2001:db8::1/64 dev eth0 scope link")
    }

    @Test func readsExcludedAddressesOfEitherFamilyApartFromTheVIPs() throws {
        let result = load(instance("""
                virtual_ipaddress {
                    192.0.2.10/24
                }
                virtual_ipaddress_excluded {
                    2001:db8::10/64 dev eth1
                    198.51.100.10/24 dev eth2 label eth2:x
                }
            """))
        #expect(result.diagnostics.isEmpty)
        let instance = try #require(result.configuration?.instances.first)
        #expect(instance.virtualAddresses.map(\.address) == [IPAddress("192.0.2.10")])
        #expect(instance.excludedAddresses.map(\.address) == [IPAddress("2001:db8::10"), IPAddress("198.51.100.10")])
        #expect(instance.excludedAddresses[0].location == SourceLocation(file: "test.conf", line: 8, column: 9))
        #expect(instance.excludedAddresses[1].label == "eth2:x")
        #expect(instance.managedAddresses.count == 3)
        #expect(instance.family == .ipv4)
    }

    @Test func excludedAddressesAloneNeedNoVIPWarningAndBadOnesNameTheirBlock() {
        let alone = load(instance("    virtual_ipaddress_excluded {\n        192.0.2.10\n    }"))
        #expect(alone.diagnostics.isEmpty)
        #expect(alone.configuration?.instances.first?.excludedAddresses.count == 1)
        let bad = load(instance("    virtual_ipaddress_excluded {\n        192.0.2.300\n    }"))
        #expect(bad.errorTexts == [
            "test.conf:5:9: error: '192.0.2.300' is not an IP address (virtual_ipaddress_excluded); write an IPv4 address like 192.0.2.10 or an IPv6 address like 2001:db8::10",
        ])
    }
}
