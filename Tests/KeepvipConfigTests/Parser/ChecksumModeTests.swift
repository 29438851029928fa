import Testing
@testable import KeepvipConfig

/// keepalived's `v3_checksum_as_v2`, in global_defs or per instance, with an optional true/false.
@Suite struct ChecksumModeTests {
    @Test func defaultIncludesThePseudoHeader() throws {
        let result = load(instance("    version 3\n    virtual_ipaddress {\n        192.0.2.1\n    }"))
        let configuration = try #require(result.configuration)
        #expect(configuration.instances[0].ipv4ChecksumIncludesPseudoHeader)
    }

    @Test func globalSettingApplies() throws {
        let text = "global_defs {\n    v3_checksum_as_v2\n}\n" + instance("    version 3\n    virtual_ipaddress {\n        192.0.2.1\n    }")
        let configuration = try #require(load(text).configuration)
        #expect(configuration.globals.v3ChecksumAsV2)
        #expect(!configuration.instances[0].ipv4ChecksumIncludesPseudoHeader)
    }

    @Test func instanceOverridesGlobal() throws {
        let text = "global_defs {\n    v3_checksum_as_v2 true\n}\n"
            + instance("    version 3\n    v3_checksum_as_v2 false\n    virtual_ipaddress {\n        192.0.2.1\n    }")
        let configuration = try #require(load(text).configuration)
        #expect(configuration.instances[0].ipv4ChecksumIncludesPseudoHeader)
    }

    @Test func rejectsAnythingButABoolean() {
        let result = load(instance("    v3_checksum_as_v2 maybe"))
        #expect(result.errorTexts == ["test.conf:4:23: error: 'v3_checksum_as_v2 maybe': expected true or false; write 'v3_checksum_as_v2' or 'v3_checksum_as_v2 false'"])
    }
}
