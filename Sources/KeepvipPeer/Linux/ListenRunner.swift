import Glibc
import KeepvipLinux
import VRRPCore

/// `keepvip peer --listen`: prints every VRRP packet the socket sees, with its verdict, until a
/// signal or the optional duration ends it.
public final class ListenRunner {
    private let inspector: PacketInspector
    private let transport: any PacketReceiver
    private let output: OutputWriter
    private let duration: Duration?

    public init(inspector: PacketInspector, transport: any PacketReceiver, output: OutputWriter, duration: Duration?) {
        self.inspector = inspector
        self.transport = transport
        self.output = output
        self.duration = duration
    }

    public func run() throws(SystemCallError) {
        let loop = try EventLoop()
        let start = MonotonicClock.now()
        let descriptor = transport.fileDescriptor
        try loop.register(descriptor) { [self] in
            transport.drain(output: output) { packet in
                let time = MonotonicClock.now() - start
                output.write(TimedEvent(time: time, event: .received(inspector.inspect(packet))))
            }
        }
        loop.onWakeUp = { loop.stop() }
        if let duration { loop.setWakeUp(at: start + duration) }
        try loop.handleSignals([SIGINT, SIGTERM]) { _ in loop.stop() }
        try loop.run()
        loop.unregister(descriptor)
        transport.close()
    }
}
