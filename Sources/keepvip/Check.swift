import ArgumentParser
import Glibc
import KeepvipConfig
import KeepvipLinux

/// `keepvip check`: validates a configuration the way keepvipd reads it.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a configuration file and print its diagnostics.",
        discussion: "Exit status 0 when keepvipd would start with it, 1 when it has errors."
    )

    @Option(name: [.short, .customLong("config-file")], help: "The configuration file.")
    var file = "/etc/keepvip/keepvip.conf"

    @Option(name: .customLong("config-id"), help: "Selects '@ID' lines (default: the short host name).")
    var configID: String?

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func run() throws {
        let result = ConfigurationLoader(configID: configID).load(path: file)
        var diagnostics = result.diagnostics
        // Configurations are often checked on another machine: a missing interface is a warning here,
        // and keepvipd holds that instance out of service until the interface appears.
        for instance in result.configuration?.instances ?? [] where NetworkInterface.index(named: instance.interface) == nil {
            diagnostics.append(.warning(
                "interface '\(instance.interface)' of vrrp_instance \(instance.name) does not exist on this host; keepvipd will hold the instance out of service until it appears",
                at: instance.interfaceLocation
            ))
        }
        for diagnostic in diagnostics where !quiet || diagnostic.severity == .error {
            print(diagnostic)
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if !quiet {
            let instances = result.configuration?.instances.count ?? 0
            print("\(file): \(errors) error(s), \(warnings) warning(s)\(errors == 0 ? ", \(instances) vrrp_instance(s)" : "")")
        }
        if errors > 0 { throw ExitCode(1) }
    }
}
