import Glibc
import KeepvipLinux
import VRRPCore

/// Runs a `SimulatedPeer` on a socket with the event loop until its scenario stops or a signal arrives.
public final class PeerRunner {
    private var peer: SimulatedPeer
    private let transport: any PeerTransport
    private let output: OutputWriter

    public init(peer: SimulatedPeer, transport: any PeerTransport, output: OutputWriter) {
        self.peer = peer
        self.transport = transport
        self.output = output
    }

    /// Runs to the end; returns the number of failed `expect` steps.
    public func run() throws(SystemCallError) -> Int {
        let loop = try EventLoop()
        let descriptor = transport.fileDescriptor
        try loop.register(descriptor) { [self] in
            transport.drain(output: output) { packet in
                perform(peer.receive(packet, now: MonotonicClock.now()), loop: loop)
            }
        }
        loop.onWakeUp = { [self] in
            perform(peer.wake(now: MonotonicClock.now()), loop: loop)
        }
        try loop.handleSignals([SIGINT, SIGTERM]) { [self] _ in
            perform(peer.stop(now: MonotonicClock.now()), loop: loop)
        }
        perform(peer.start(now: MonotonicClock.now()), loop: loop)
        if !peer.isFinished { try loop.run() }
        loop.unregister(descriptor)
        transport.close()
        return peer.failedExpectations
    }

    private func perform(_ outputs: [PeerOutput], loop: EventLoop) {
        for item in outputs {
            switch item {
            case .transmit(let message, let source, let destination):
                do {
                    try transport.send(message, from: source, to: destination)
                } catch {
                    output.error("send to \(destination): \(error)")
                }
            case .report(let event):
                output.write(event)
            }
        }
        if peer.isFinished {
            loop.stop()
        } else {
            loop.setWakeUp(at: peer.nextDeadline)
        }
    }
}
