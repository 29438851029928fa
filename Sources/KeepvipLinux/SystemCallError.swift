import Glibc

/// A failed system call: which call, and the `errno` it left.
///
/// `description` reads `sendto: Network is unreachable (errno 101)`.
public struct SystemCallError: Error, CustomStringConvertible, Equatable, Sendable {
    public var call: String
    public var errno: Int32

    public init(_ call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// Captures the current `errno` for `call`.
    static func last(_ call: String) -> SystemCallError {
        SystemCallError(call, errno: Glibc.errno)
    }

    public var description: String {
        let text = strerror(errno).map { String(cString: $0) } ?? "unknown error"
        return "\(call): \(text) (errno \(errno))"
    }
}

/// Retries `body` while it fails with EINTR; throws `SystemCallError` for any other -1.
@discardableResult
func retryingInterrupts<T: BinaryInteger>(_ call: String, _ body: () -> T) throws(SystemCallError) -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemCallError(call, errno: code)
    }
}
