import Glibc
import KeepvipLinux

/// Reads a whole (small) text file without Foundation.
enum TextFile {
    static func read(_ path: String) throws(SystemCallError) -> String {
        guard let file = fopen(path, "r") else { throw SystemCallError("open", errno: errno) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes += chunk[0..<count]
            if count < chunk.count {
                if ferror(file) != 0 { throw SystemCallError("read", errno: errno) }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
