import Glibc

/// Closes `fd`, ignoring EINTR (Linux always releases the descriptor, so retrying would be wrong).
func closeDescriptor(_ fd: Int32) {
    if fd >= 0 { _ = Glibc.close(fd) }
}

func setNonBlocking(_ fd: Int32) throws(SystemCallError) {
    let flags = fcntl(fd, F_GETFL)
    if flags < 0 { throw .last("fcntl(F_GETFL)") }
    if fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 { throw .last("fcntl(F_SETFL)") }
}
