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

    @Test func metricsListenAddresses() throws {
        #expect(try DaemonOptions(arguments: []).metricsListen == nil)
        #expect(try DaemonOptions(arguments: ["--metrics-listen", "192.0.2.11:9650"]).metricsListen?.description == "192.0.2.11:9650")
        #expect(try DaemonOptions(arguments: ["--metrics-listen=[2001:db8::11]:9650"]).metricsListen?.description == "[2001:db8::11]:9650")
        #expect(try DaemonOptions(arguments: ["--metrics-listen", ":9650"]).metricsListen?.description == "0.0.0.0:9650")
        for bad in ["9650", "192.0.2.11", "192.0.2.11:0", "192.0.2.11:70000", "2001:db8::11:9650", "[192.0.2.11]:9650", "host:9650"] {
            #expect(throws: DaemonOptions.UsageError.self, "\(bad)") { try DaemonOptions(arguments: ["--metrics-listen", bad]) }
        }
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
