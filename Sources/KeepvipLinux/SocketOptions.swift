import Glibc

/// setsockopt for a plain value, throwing `setsockopt(NAME)` on failure.
func setSocketOption<T>(_ fd: Int32, _ level: Int32, _ option: Int32, _ value: T, name: String) throws(SystemCallError) {
    var value = value
    let result = withUnsafePointer(to: &value) {
        setsockopt(fd, level, option, $0, socklen_t(MemoryLayout<T>.size))
    }
    if result != 0 { throw .last("setsockopt(\(name))") }
}

extension in_addr {
    /// From an address value (host order) to `in_addr` (network order).
    init(hostOrder value: UInt32) {
        self.init(s_addr: value.bigEndian)
    }
}
