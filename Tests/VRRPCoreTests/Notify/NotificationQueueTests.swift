import Testing
import VRRPCore

private typealias Command = NotificationCommand<String>

private func started(_ commands: [Command]) -> [String] {
    commands.compactMap { if case .start(_, let payload) = $0 { payload } else { nil } }
}

private func startedID(_ commands: [Command]) -> NotificationID? {
    commands.compactMap { if case .start(let id, _) = $0 { id } else { nil } }.first
}

@Suite struct NotificationQueueTests {
    @Test func idleQueueStartsAtOnce() {
        var queue = NotificationQueue<String>(timeout: .seconds(10))
        #expect(queue.isIdle)
        let commands = queue.enqueue("MASTER", now: .zero)
        #expect(started(commands) == ["MASTER"])
        #expect(!queue.isIdle)
        #expect(queue.nextDeadline == .ms(10_000))
    }

    // One at a time, in enqueue order.
    @Test func deliversInOrderOneAtATime() {
        var queue = NotificationQueue<String>(timeout: .seconds(10))
        let first = queue.enqueue("BACKUP", now: .zero)
        #expect(started(queue.enqueue("MASTER", now: .ms(1))).isEmpty)
        #expect(started(queue.enqueue("FAULT", now: .ms(2))).isEmpty)
        #expect(queue.waitingCount == 2)
        let second = queue.finished(startedID(first)!, now: .ms(100))
        #expect(started(second) == ["MASTER"])
        let third = queue.finished(startedID(second)!, now: .ms(200))
        #expect(started(third) == ["FAULT"])
        #expect(queue.finished(startedID(third)!, now: .ms(300)).isEmpty)
        #expect(queue.isIdle)
        #expect(queue.nextDeadline == nil)
    }

    // A hung notification is killed at its timeout and the next starts at once.
    @Test func timeoutKillsAndMovesOn() {
        var queue = NotificationQueue<String>(timeout: .seconds(2))
        let first = queue.enqueue("BACKUP", now: .zero)
        _ = queue.enqueue("MASTER", now: .ms(10))
        #expect(queue.timersDue(now: .ms(1999)).isEmpty)
        let due = queue.timersDue(now: .ms(2000))
        #expect(due.first == .kill(startedID(first)!))
        #expect(started(due) == ["MASTER"])
        #expect(queue.nextDeadline == .ms(4000))
    }

    // The killed one's late exit does not end the one now running.
    @Test func lateExitOfKilledIsIgnored() {
        var queue = NotificationQueue<String>(timeout: .seconds(1))
        let first = queue.enqueue("BACKUP", now: .zero)
        _ = queue.enqueue("MASTER", now: .zero)
        let due = queue.timersDue(now: .ms(1000))
        #expect(queue.finished(startedID(first)!, now: .ms(1050)).isEmpty)
        #expect(queue.runningID == startedID(due))
    }

    // A failing notification (it exits at once, whatever its status) never blocks the next.
    @Test func failureDoesNotBlock() {
        var queue = NotificationQueue<Int>(timeout: .seconds(1))
        var order: [Int] = []
        var commands = (1...5).flatMap { queue.enqueue($0, now: .zero) }
        while let command = commands.first {
            commands.removeFirst()
            if case .start(let id, let payload) = command {
                order.append(payload)
                commands += queue.finished(id, now: .zero)
            }
        }
        #expect(order == [1, 2, 3, 4, 5])
        #expect(queue.isIdle)
    }

    @Test func identifiersAreDistinct() {
        var queue = NotificationQueue<String>(timeout: .seconds(1))
        let a = startedID(queue.enqueue("a", now: .zero))!
        let b = startedID(queue.finished(a, now: .zero) + queue.enqueue("b", now: .zero))!
        #expect(a != b)
    }
}
