import Glibc
import Logging
import Testing
@testable import KeepvipDaemon

@Suite struct JournalLogHandlerTests {
    @Test func prefixesSyslogPriorityWhenNotATerminal() throws {
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[0]) }
        let logger = Logger(label: "t") { JournalLogHandler(label: $0, descriptor: pipeEnds[1]) }
        logger.info("(loadbalancer2) Entering MASTER STATE")
        logger.warning("dropped")
        logger.error("failed")
        close(pipeEnds[1])
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(pipeEnds[0], &buffer, buffer.count)
        let text = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        #expect(text == "<6>(loadbalancer2) Entering MASTER STATE\n<4>dropped\n<3>failed\n")
    }

    @Test func mapsEveryLevel() {
        #expect([Logger.Level.trace, .debug, .info, .notice, .warning, .error, .critical].map(JournalLogHandler.syslogPriority)
            == [7, 7, 6, 5, 4, 3, 2])
    }
}
