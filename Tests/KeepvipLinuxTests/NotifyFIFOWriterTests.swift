import Glibc
import Testing
@testable import KeepvipLinux

@Suite(.serialized)
struct NotifyFIFOTests {
    /// With no reader the open and the writes succeed; lines wait until a reader attaches.
    @Test func linesWaitForAReader() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fifo = try NotifyFIFOWriter(path: directory.file("notify"))
        #expect(fifo.createdFIFO)
        var status = stat()
        #expect(stat(fifo.path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        #expect(status.st_mode & 0o777 == 0o644 & ~currentUmask())

        try fifo.write(line: "INSTANCE \"VI_1\" MASTER 100")
        try fifo.write(line: "INSTANCE \"VI_1\" BACKUP 100\n")
        let reader = open(fifo.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        defer { close(reader) }
        #expect(readAvailable(reader) == "INSTANCE \"VI_1\" MASTER 100\nINSTANCE \"VI_1\" BACKUP 100\n")

        // With the reader attached, a line arrives at once.
        try fifo.write(line: "INSTANCE \"VI_1\" FAULT 100")
        #expect(waitReadable(reader))
        #expect(readAvailable(reader) == "INSTANCE \"VI_1\" FAULT 100\n")
        fifo.removeIfCreated()
        #expect(access(fifo.path, F_OK) != 0)
    }

    /// Nobody reads: once the pipe is full, lines are dropped whole with `.full`, the daemon never
    /// blocks, and a reader then sees only complete lines.
    @Test func fullPipeDropsWholeLines() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        mkfifo(directory.file("notify"), 0o600)
        let fifo = try NotifyFIFOWriter(path: directory.file("notify"))
        #expect(!fifo.createdFIFO)
        let line = String(repeating: "x", count: 99)
        var written = 0
        var dropped = 0
        for _ in 0..<5_000 {
            do throws(NotifyFIFOError) {
                try fifo.write(line: line)
                written += 1
            } catch {
                #expect(error == .full)
                dropped += 1
            }
        }
        #expect(written > 0 && dropped > 0)
        let reader = open(fifo.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        defer { close(reader) }
        let text = readAvailable(reader)
        #expect(text.count == written * 100)
        #expect(text.split(separator: "\n").allSatisfy { $0.count == 99 })
        #expect(throws: NotifyFIFOError.lineTooLong(length: 5_001)) {
            try fifo.write(line: String(repeating: "y", count: 5_000))
        }
    }

    @Test func refusesSomethingElseAtThePath() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        directory.write("regular", "")
        #expect(throws: NotifyFIFOError.notAFIFO(path: directory.file("regular"))) {
            try NotifyFIFOWriter(path: directory.file("regular"))
        }
        mkfifo(directory.file("real"), 0o600)
        symlink(directory.file("real"), directory.file("link"))
        #expect(throws: NotifyFIFOError.notAFIFO(path: directory.file("link"))) {
            try NotifyFIFOWriter(path: directory.file("link"))
        }
    }

    private func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    private func readAvailable(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
