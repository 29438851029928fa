import Glibc
import Logging
import Testing
@testable import KeepvipDaemon
import KeepvipLinux

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

/// The native journal protocol, over one end of a datagram socket pair standing in for journald.
@Suite struct JournalNativeProtocolTests {
    final class Pair {
        let journal: JournalSocket
        let reader: Int32

        init() {
            var ends: [Int32] = [0, 0]
            precondition(socketpair(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0, &ends) == 0)
            _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
            _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
            journal = JournalSocket(connectedDescriptor: ends[0])
            reader = ends[1]
        }

        deinit { close(reader) }

        /// Every entry waiting, as raw bytes.
        func entries() -> [[UInt8]] {
            var result: [[UInt8]] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = recv(reader, &buffer, buffer.count, 0)
                if count <= 0 { return result }
                result.append(Array(buffer[..<count]))
            }
        }
    }

    @Test func sendsStructuredFields() {
        let pair = Pair()
        var logger = Logger(label: "keepvipd") { JournalLogHandler(label: $0, journal: pair.journal) }
        logger[metadataKey: "vrrp_instance"] = "VI_1"
        logger.info("(VI_1) Entering MASTER STATE", metadata: ["vrrp_state": "MASTER", "vrrp_priority": "150"])
        let entries = pair.entries()
        #expect(entries.count == 1)
        let fields = String(decoding: entries[0], as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(fields.prefix(3) == ["MESSAGE=(VI_1) Entering MASTER STATE", "PRIORITY=6", "SYSLOG_IDENTIFIER=keepvipd"])
        #expect(fields.contains { $0.hasPrefix("CODE_FILE=") && $0.hasSuffix("JournalLogHandlerTests.swift") })
        #expect(fields.contains { $0.hasPrefix("CODE_LINE=") } && fields.contains { $0.hasPrefix("CODE_FUNC=sendsStructuredFields") })
        #expect(fields.suffix(3) == ["VRRP_INSTANCE=VI_1", "VRRP_PRIORITY=150", "VRRP_STATE=MASTER"])
    }

    @Test func aValueWithALineFeedIsSentWithItsLength() {
        let pair = Pair()
        let logger = Logger(label: "keepvipd") { JournalLogHandler(label: $0, journal: pair.journal) }
        logger.warning("two\nlines")
        let entry = pair.entries()[0]
        #expect(entry.starts(with: Array("MESSAGE\n".utf8) + [9, 0, 0, 0, 0, 0, 0, 0] + Array("two\nlines\n".utf8)))
    }

    @Test func fieldNamesFollowTheJournalsRules() {
        #expect(JournalLogHandler.fieldName("vrrp_instance") == "VRRP_INSTANCE")
        #expect(JournalLogHandler.fieldName("peer-address.v4") == "PEER_ADDRESS_V4")
        #expect(JournalLogHandler.fieldName("_private") == nil && JournalLogHandler.fieldName("4x") == nil)
        #expect(JournalLogHandler.fieldName(String(repeating: "a", count: 100))?.count == 64)
    }

    // A journal that does not read never blocks the caller: entries are dropped, counted, and the
    // first one that gets through afterwards is preceded by the count.
    @Test func aFullJournalLosesEntriesButNeverBlocks() {
        let pair = Pair()
        let logger = Logger(label: "keepvipd") { JournalLogHandler(label: $0, journal: pair.journal) }
        for index in 0..<5000 { logger.info("line \(index)") }
        let delivered = pair.entries()
        #expect(delivered.count > 0 && delivered.count < 5000)
        logger.info("after")
        let next = pair.entries().map { String(decoding: $0, as: UTF8.self) }
        #expect(next.count == 2)
        #expect(next.first?.hasPrefix("MESSAGE=\(5000 - delivered.count) log entries were dropped: the log reader was not keeping up\n") == true)
        #expect(next.last?.hasPrefix("MESSAGE=after\n") == true)
    }
}
