import VRRPCore

/// A received packet, what could be read of it, and what keepvip's receive checks would do with it.
public struct Inspection: Hashable, Sendable {
    public var packet: ReceivedPacket
    /// `nil` when shorter than the fixed header.
    public var header: AdvertHeader?
    public var verdict: Verdict

    public enum Verdict: Hashable, Sendable {
        /// Passed every check.
        case valid
        case dropped(DropReason, detail: String)

        public var isValid: Bool {
            if case .valid = self { return true }
            return false
        }
    }

    /// The advertisement, when the verdict is valid.
    public var advertisement: Advertisement?
}
