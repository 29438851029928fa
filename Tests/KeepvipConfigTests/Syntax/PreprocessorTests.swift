import Foundation
import Testing
@testable import KeepvipConfig

struct PreprocessorTests {
    @Test func conditionalLinesFollowTheConfigID() throws {
        let text = instance("""
                @main priority 200
                @backup priority 150
                @^main advert_int 3
                @^backup nopreempt
            """)
        let main = try #require(load(text, configID: "main").configuration?.instances.first)
        #expect(main.priority == 200)
        #expect(main.advertisementInterval == .seconds(1))
        #expect(!main.preempt)
        let backup = try #require(load(text, configID: "backup").configuration?.instances.first)
        #expect(backup.priority == 150)
        #expect(backup.advertisementInterval == .seconds(3))
        #expect(backup.preempt)
    }

    @Test func expandsDefinitions() throws {
        let text = """
            $BASE=192.0.2
            $IF=eth1
            $PRIO=120
            @main $VRID=9
            vrrp_instance VI_1 {
                interface $IF
                virtual_router_id ${VRID}
                priority $PRIO
                virtual_ipaddress {
                    ${BASE}.10/24 dev ${IF}
                }
            }
            """
        let result = load(text)
        #expect(result.diagnostics.isEmpty)
        let instance = try #require(result.configuration?.instances.first)
        #expect(instance.interface == "eth1")
        #expect(instance.virtualRouterID == 9)
        #expect(instance.priority == 120)
        #expect(instance.virtualAddresses.map(\.description) == ["192.0.2.10/24 dev eth1"])
    }

    @Test func expandsLazilyAndRecursively() throws {
        let text = """
            $ADDR=192.0.${SUB}
            $SUB=2
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                virtual_ipaddress {
                    ${ADDR}.1
                    $SUB=3
                    ${ADDR}.1
                }
            }
            """
        let instance = try #require(load(text).configuration?.instances.first)
        #expect(instance.virtualAddresses.map(\.description) == ["192.0.2.1/32", "192.0.3.1/32"])
    }

    @Test func expandsMultiLineDefinitions() throws {
        let text = """
            $INSTANCE= \\
            vrrp_instance VI_${NUM} { \\
                interface eth0 \\
                virtual_router_id ${NUM} \\
                virtual_ipaddress { \\
                    192.0.2.${NUM} \\
                } \\
            }
            $NUM=1
            $INSTANCE
            $NUM=2
            $INSTANCE
            """
        let result = load(text)
        #expect(result.errors.isEmpty)
        let instances = try #require(result.configuration?.instances)
        #expect(instances.map(\.name) == ["VI_1", "VI_2"])
        #expect(instances.map(\.virtualRouterID) == [1, 2])
    }

    @Test func warnsAboutAnUndefinedBracedMacroAndKeepsIt() {
        let result = load(instance("    priority ${PRIO}"))
        #expect(result.warningTexts.contains(
            "test.conf:4:5: warning: '${PRIO}' is not defined and stays as written; define it with '$PRIO=value' before this line"))
        #expect(result.errorTexts == ["test.conf:4:14: error: priority '${PRIO}' is not a number; use a number from 1 to 255"])
    }

    @Test func refusesSelfReferentialDefinitions() {
        let result = load("$A=x${A}\n" + instance("    priority ${A}"))
        #expect(result.hasErrors)
    }

    @Test func refusesSequenceBlocks() {
        let result = load("~SEQ(N, 1, 3) vrrp_instance VI_$N {\n}")
        #expect(result.errorTexts.first?.hasPrefix("test.conf:1:1: error: keepalived's ~SEQ/~LST") == true)
    }

    @Test func includesRelativeToTheIncludingFile() throws {
        let files = [
            "/etc/keepalived/keepalived.conf": "global_defs {\n  router_id lb1\n}\ninclude conf.d/*.conf\n",
            "/etc/keepalived/conf.d/a.conf": instance("", name: "A"),
            "/etc/keepalived/conf.d/b.conf": "vrrp_instance B {\n interface eth1\n virtual_router_id 2\n bogus_word 1\n}\n",
            "/etc/keepalived/conf.d/skip.txt": "junk {",
        ]
        let loader = ConfigurationLoader(configID: "main", fileSystem: InMemoryFileSystem(files: files))
        let result = loader.load(path: "/etc/keepalived/keepalived.conf")
        #expect(result.errors.isEmpty)
        #expect(result.configuration?.globals.routerID == "lb1")
        #expect(result.configuration?.instances.map(\.name) == ["A", "B"])
        #expect(result.warningTexts.contains(
            "/etc/keepalived/conf.d/b.conf:4:2: warning: skipped 'bogus_word': unknown keyword (keepalived does not know it either); check the spelling"))
    }

    @Test func warnsWhenAnIncludeMatchesNothing() {
        let result = load("include missing/*.conf\n" + instance("    virtual_ipaddress {\n 192.0.2.1\n }"))
        #expect(result.errors.isEmpty)
        #expect(result.warningTexts.first
            == "test.conf:1:1: warning: include 'missing/*.conf' matches no file (looked for 'missing/*.conf'); nothing included")
    }

    @Test func refusesIncludeCycles() {
        let files = ["/k/a.conf": "include b.conf\n", "/k/b.conf": "include a.conf\n"]
        let result = ConfigurationLoader(configID: "x", fileSystem: InMemoryFileSystem(files: files)).load(path: "/k/a.conf")
        #expect(result.errorTexts == [
            "/k/b.conf:1:1: error: include cycle: '/k/a.conf' is already being read; remove this include",
        ])
    }

    @Test func refusesIncludesNestedTooDeeply() {
        var files: [String: String] = [:]
        for level in 0..<12 { files["/k/\(level).conf"] = "include \(level + 1).conf\n" }
        files["/k/12.conf"] = ""
        let result = ConfigurationLoader(configID: "x", fileSystem: InMemoryFileSystem(files: files)).load(path: "/k/0.conf")
        #expect(result.errorTexts == [
            "/k/8.conf:1:1: error: include nesting is deeper than 8 files at '/k/9.conf'; flatten the includes",
        ])
    }

    @Test func readsARealDirectoryWithAGlob() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepvip-config-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("conf.d"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "include conf.d/*.conf\n".write(to: directory.appendingPathComponent("keepalived.conf"), atomically: true, encoding: .utf8)
        try instance("    virtual_ipaddress {\n 192.0.2.1\n }", name: "B")
            .write(to: directory.appendingPathComponent("conf.d/20-b.conf"), atomically: true, encoding: .utf8)
        try instance("    virtual_ipaddress {\n 192.0.2.2\n }\n    virtual_router_id 52", name: "A")
            .write(to: directory.appendingPathComponent("conf.d/10-a.conf"), atomically: true, encoding: .utf8)
        let result = ConfigurationLoader(configID: "x").load(path: directory.appendingPathComponent("keepalived.conf").path)
        #expect(result.errors.isEmpty)
        #expect(result.configuration?.instances.map(\.name) == ["A", "B"])
        let missing = ConfigurationLoader(configID: "x").load(path: directory.appendingPathComponent("nope.conf").path)
        #expect(missing.errors.count == 1)
        #expect(missing.errorTexts.first?.contains("No such file or directory") == true)
    }

    @Test func handlesCRLFNoFinalNewlineAndJunkFirstLine() throws {
        let text = "user@host:/etc/keepalived$ cat keepalived.conf\r\n"
            + instance("    virtual_ipaddress {\r\n        192.0.2.1   \r\n    }").replacingOccurrences(of: "\n", with: "\r\n")
        let result = load(text)
        #expect(result.errors.isEmpty)
        #expect(result.warningTexts == [
            "test.conf:1:1: warning: skipped 'user@host:/etc/keepalived$': unknown keyword (keepalived does not know it either); check the spelling",
        ])
        #expect(result.configuration?.instances.first?.virtualAddresses.count == 1)
    }
}
