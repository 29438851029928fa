import Testing
@testable import KeepvipConfig

struct ExecutableLookupTests {
    @Test func inMemoryStatuses() {
        let fileSystem = InMemoryFileSystem(files: ["/etc/keepalived/plain": "x"], executables: ["/usr/bin/tool"])
        #expect(fileSystem.executableStatus(of: "/usr/bin/tool") == .executable)
        #expect(fileSystem.executableStatus(of: "/etc/keepalived/plain") == .notExecutable)
        #expect(fileSystem.executableStatus(of: "/etc/keepalived") == .notRegularFile)
        #expect(fileSystem.executableStatus(of: "/nowhere") == .missing)
    }

    @Test func bareNamesAreSearchedInOrder() {
        let fileSystem = InMemoryFileSystem(files: ["/usr/sbin/tool": "x"], executables: ["/bin/tool"])
        let found = fileSystem.locateExecutable("tool")
        #expect(found.path == "/bin/tool")
        let notFound = InMemoryFileSystem(files: ["/usr/sbin/tool": "x"]).locateExecutable("tool")
        #expect(notFound.path == nil)
        #expect(notFound.rejected?.path == "/usr/sbin/tool")
        #expect(notFound.rejected?.status == .notExecutable)
        #expect(InMemoryFileSystem().locateExecutable("tool").rejected == nil)
    }

    @Test func hostStatuses() {
        let host = HostFileSystem()
        #expect(host.executableStatus(of: "/bin/sh") == .executable)
        #expect(host.executableStatus(of: "/etc/passwd") == .notExecutable)
        #expect(host.executableStatus(of: "/") == .notRegularFile)
        #expect(host.executableStatus(of: "/nonexistent/keepvip") == .missing)
        #expect(host.locateExecutable("sh").path != nil)
    }
}
