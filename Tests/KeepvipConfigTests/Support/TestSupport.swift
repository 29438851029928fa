@testable import KeepvipConfig

/// Parses `text` as `test.conf` with config id `main` and an optional in-memory file system.
func load(
    _ text: String, configID: String = "main", files: [String: String] = [:], executables: [String] = []
) -> LoadResult {
    parse(text: text, file: "test.conf", configID: configID,
          fileSystem: InMemoryFileSystem(files: files, executables: executables))
}

/// A minimal valid instance around `body` lines.
func instance(_ body: String, name: String = "VI_1") -> String {
    """
    vrrp_instance \(name) {
        interface eth0
        virtual_router_id 51
    \(body)
    }
    """
}

extension LoadResult {
    var errorTexts: [String] { errors.map(\.description) }
    var warningTexts: [String] { warnings.map(\.description) }
}
