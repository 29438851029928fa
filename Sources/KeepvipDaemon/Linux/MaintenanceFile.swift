import Glibc
import KeepvipLinux

/// Where `keepvip handover` survives a restart: one instance name per line (`--state-file`, default
/// /var/lib/keepvip/maintenance). Written to a temporary file and renamed over the old one, so a
/// crash leaves the old state or the new one, never half of either.
struct MaintenanceFile {
    let path: String

    /// The names saved; none when the file does not exist (or cannot be read: said in the log).
    func load() throws(SystemCallError) -> Set<String> {
        guard let file = fopen(path, "r") else {
            if errno == ENOENT { return [] }
            throw SystemCallError("open(\(path))", errno: errno)
        }
        defer { fclose(file) }
        var names: Set<String> = []
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        while getline(&line, &capacity, file) >= 0, let line {
            let name = String(cString: line).trimmingTrailingNewline
            if !name.isEmpty, !name.hasPrefix("#") { names.insert(name) }
        }
        free(line)
        return names
    }

    func save(_ names: Set<String>) throws(SystemCallError) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty, mkdir(directory, 0o755) != 0, errno != EEXIST {
            throw SystemCallError("mkdir(\(directory))", errno: errno)
        }
        let temporary = path + ".new"
        let text = "# instances in maintenance (keepvip handover); keepvip handover --cancel takes them out\n"
            + names.sorted().map { $0 + "\n" }.joined()
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw SystemCallError("open(\(temporary))", errno: errno) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0 else {
            let error = SystemCallError("write(\(temporary))", errno: written < 0 || synced != 0 ? errno : EIO)
            unlink(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let error = SystemCallError("rename(\(path))", errno: errno)
            unlink(temporary)
            throw error
        }
    }
}

private extension String {
    var trimmingTrailingNewline: String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
