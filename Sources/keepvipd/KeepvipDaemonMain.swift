import Glibc
import KeepvipConfig
import KeepvipDaemon
import Logging

/// keepvipd: the VRRP daemon, in the foreground (systemd supervises it).
@main
enum KeepvipDaemonMain {
    static func main() {
        let options: DaemonOptions
        do {
            options = try DaemonOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            printError(error.description)
            exit(2)
        }
        switch options.action {
        case .printVersion:
            print("keepvipd \(KeepvipVersion.current)")
            return
        case .printHelp:
            print(DaemonOptions.usage)
            return
        case .run:
            break
        }
        let logger = Logger(label: "keepvipd") { JournalLogHandler(label: $0) }
        logger.info("Starting keepvipd \(KeepvipVersion.current) with \(options.configurationFile)")
        let result = ConfigurationLoader(configID: options.configID).load(path: options.configurationFile)
        for diagnostic in result.diagnostics {
            switch diagnostic.severity {
            case .warning: logger.warning("\(diagnostic)")
            case .error: logger.error("\(diagnostic)")
            }
        }
        guard let configuration = result.configuration else {
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            logger.critical("\(options.configurationFile): \(errors) error(s); refusing to start, nothing was applied")
            exit(1)
        }
        exit(Daemon(configuration: configuration, options: options, logger: logger).run())
    }

    static func printError(_ message: String) {
        let bytes = Array((message + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
