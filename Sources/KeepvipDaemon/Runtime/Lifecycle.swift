/// Services started in order and stopped in reverse, as swift-service-lifecycle's ServiceGroup does,
/// without its threads: each start registers how to undo it.
public final class Lifecycle {
    private var stops: [(name: String, stop: () -> Void)] = []

    public init() {}

    /// Records how to stop something that has just started.
    public func started(_ name: String, stop: @escaping () -> Void) {
        stops.append((name, stop))
    }

    /// Stops everything started so far, newest first; idempotent.
    public func shutDown() {
        while let last = stops.popLast() {
            last.stop()
        }
    }

    public var runningServices: [String] { stops.map(\.name) }
}
