import Glibc
import KeepvipLinux
import VRRPCore

/// Runs the simulated routers on their sockets (one per address family) with the event loop until
/// every router has stopped or a signal arrives.
public final class PeerRunner {
    private var group: PeerGroup
    private let transports: [any PeerTransport]
    private let output: OutputWriter

    /// `transports`: one for each family in `group.families`.
    public init(group: PeerGroup, transports: [any PeerTransport], output: OutputWriter) {
        self.group = group
        self.transports = transports
        self.output = output
    }

    /// Runs to the end; returns the number of failed `expect` steps.
    public func run() throws(SystemCallError) -> Int {
        let loop = try EventLoop()
        for transport in transports {
            try loop.register(transport.fileDescriptor) { [self] in
                transport.drain(output: output) { packet in
                    perform(group.receive(packet, now: MonotonicClock.now()), loop: loop)
                }
            }
        }
        loop.onWakeUp = { [self] in
            perform(group.wake(now: MonotonicClock.now()), loop: loop)
        }
        try loop.handleSignals([SIGINT, SIGTERM]) { [self] _ in
            perform(group.stop(now: MonotonicClock.now()), loop: loop)
        }
        perform(group.start(now: MonotonicClock.now()), loop: loop)
        if !group.isFinished { try loop.run() }
        for transport in transports {
            loop.unregister(transport.fileDescriptor)
            transport.close()
        }
        return group.failedExpectations
    }

    private func perform(_ outputs: [PeerOutput], loop: EventLoop) {
        for item in outputs {
            switch item {
            case .transmit(let message, let source, let destination):
                guard let transport = transports.first(where: { $0.family == source.family }) else {
                    output.error("send to \(destination): no \(source.family) socket")
                    continue
                }
                do {
                    try transport.send(message, from: source, to: destination)
                } catch {
                    output.error("send to \(destination): \(error)")
                }
            case .report(let event):
                output.write(event)
            }
        }
        if group.isFinished {
            loop.stop()
        } else {
            loop.setWakeUp(at: group.nextDeadline)
        }
    }
}
