import KeepvipDaemon
import Testing

@Suite struct DaemonOptionsTests {
    @Test func defaults() throws {
        let options = try DaemonOptions(arguments: [])
        #expect(options.configurationFile == "/etc/keepvip/keepvip.conf")
        #expect(options.pidFile == nil && options.configID == nil && options.action == .run)
        #expect(options.controlSocket == "/run/keepvip/keepvip.sock")
    }

    @Test func allFlags() throws {
        let options = try DaemonOptions(arguments: ["-f", "/tmp/k.conf", "--pid-file=/run/k.pid", "--config-id", "lb1",
                                                    "--control-socket", "/run/lb1.sock"])
        #expect(options.controlSocket == "/run/lb1.sock")
        #expect(options.configurationFile == "/tmp/k.conf")
        #expect(options.pidFile == "/run/k.pid")
        #expect(options.configID == "lb1")
        #expect(try DaemonOptions(arguments: ["--version"]).action == .printVersion)
        #expect(try DaemonOptions(arguments: ["-h"]).action == .printHelp)
    }

    @Test func rejectsUnknownAndMissingValues() {
        #expect(throws: DaemonOptions.UsageError.self) { try DaemonOptions(arguments: ["--frobnicate"]) }
        #expect(throws: DaemonOptions.UsageError.self) { try DaemonOptions(arguments: ["-f"]) }
    }
}

@Suite struct LifecycleTests {
    @Test func stopsInReverseOrderOnce() {
        let lifecycle = Lifecycle()
        var stopped: [String] = []
        lifecycle.started("a") { stopped.append("a") }
        lifecycle.started("b") { stopped.append("b") }
        lifecycle.started("c") { stopped.append("c") }
        lifecycle.shutDown()
        lifecycle.shutDown()
        #expect(stopped == ["c", "b", "a"])
    }
}
