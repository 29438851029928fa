import CKeepvipShim
import VRRPCore

/// CLOCK_MONOTONIC as `Instant`s: the same timeline `EventLoop.setWakeUp(at:)` arms against.
public enum MonotonicClock {
    public static func now() -> Instant {
        Instant(nanoseconds: kv_clock_monotonic_ns())
    }
}
