import Glibc

/// The time of day, for log lines an operator compares with other logs.
enum WallClock {
    /// Now in Unix seconds, to the microsecond.
    static func unixSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Now as `2026-12-05 23:37:41 UTC` (local time with its zone name).
    static func timestamp() -> String {
        format(Int64(time(nil)), "%Y-%m-%d %H:%M:%S %Z")
    }

    /// `unixSeconds` through strftime(3), in local time or in UTC.
    static func format(_ unixSeconds: Int64, _ pattern: String, utc: Bool = false) -> String {
        var seconds = time_t(unixSeconds)
        var parts = tm()
        if utc { gmtime_r(&seconds, &parts) } else { localtime_r(&seconds, &parts) }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, pattern, &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
