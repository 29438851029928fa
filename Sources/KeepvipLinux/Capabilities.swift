import CLibcap
import Glibc

/// A Linux capability, by its number (linux/capability.h).
public struct Capability: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let kill = Capability(rawValue: 5)        // CAP_KILL: signal a script_user's process group
    public static let setgid = Capability(rawValue: 6)      // CAP_SETGID: setgroups/setresgid to script_user
    public static let setuid = Capability(rawValue: 7)      // CAP_SETUID: setresuid to script_user
    public static let setpcap = Capability(rawValue: 8)     // CAP_SETPCAP
    public static let netAdmin = Capability(rawValue: 12)   // CAP_NET_ADMIN
    public static let netRaw = Capability(rawValue: 13)     // CAP_NET_RAW

    /// `cap_net_admin` style, as libcap names it.
    public var description: String {
        guard let name = cap_to_name(rawValue) else { return "capability \(rawValue)" }
        defer { cap_free(name) }
        return String(cString: name)
    }
}

public enum CapabilityError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The capability is not in our permitted set, so it cannot be kept.
    case notHeld(Capability)
    case systemCall(SystemCallError)

    public var description: String {
        switch self {
        case .notHeld(let capability): "cannot keep \(capability): it is not in the permitted set"
        case .systemCall(let error): error.description
        }
    }
}

/// The calling thread's capability sets.
public struct CapabilitySets: Equatable, Sendable {
    public var permitted: Set<Capability>
    public var effective: Set<Capability>
    public var inheritable: Set<Capability>
    public var bounding: Set<Capability>
}

/// Dropping privileges with libcap.
///
/// Capabilities are per *thread* on Linux and libcap (without libpsx) changes only the calling
/// thread: call `restrict(to:)` on the main thread before any other thread exists.
public enum Capabilities {
    /// Keeps exactly `kept` in the permitted and effective sets, clears the inheritable and
    /// ambient sets, and, when CAP_SETPCAP is effective and `keepingBoundingSet` is false, drops
    /// every other capability from the bounding set (so nothing exec'd later can regain them).
    /// Throws `.notHeld` before changing anything if a requested capability is not permitted now.
    ///
    /// The bounding set is what a script exec'd as root gets: keepalived runs root scripts with
    /// full root, which needs `keepingBoundingSet: true`; with the bounding set dropped they get
    /// only `kept`. A daemon that runs scripts as `script_user` also keeps `.setuid`, `.setgid`
    /// (to switch to the user) and `.kill` (to kill that user's process group).
    public static func restrict(to kept: [Capability], keepingBoundingSet: Bool = false) throws(CapabilityError) {
        let before = try current()
        for capability in kept where !before.permitted.contains(capability) {
            throw .notHeld(capability)
        }
        if before.effective.contains(.setpcap) && !keepingBoundingSet {
            for number in 0..<cap_max_bits() where !kept.contains(Capability(rawValue: number)) {
                // An unsupported number on an older kernel reports EINVAL: nothing to drop.
                if cap_drop_bound(number) != 0 && Glibc.errno != EINVAL {
                    throw .systemCall(.last("cap_drop_bound(\(Capability(rawValue: number)))"))
                }
            }
        }
        // Ambient capabilities need the same bit in permitted and inheritable; clear them first.
        if cap_reset_ambient() != 0 && Glibc.errno != EINVAL {
            throw .systemCall(.last("cap_reset_ambient"))
        }
        guard let state = cap_init() else { throw .systemCall(.last("cap_init")) }
        defer { cap_free(UnsafeMutableRawPointer(state)) }
        let values = kept.map(\.rawValue)
        if !values.isEmpty {
            let result = values.withUnsafeBufferPointer { buffer in
                cap_set_flag(state, CAP_PERMITTED, Int32(buffer.count), buffer.baseAddress, CAP_SET) == 0
                    && cap_set_flag(state, CAP_EFFECTIVE, Int32(buffer.count), buffer.baseAddress, CAP_SET) == 0
            }
            if !result { throw .systemCall(.last("cap_set_flag")) }
        }
        if cap_set_proc(state) != 0 { throw .systemCall(.last("cap_set_proc")) }
    }

    /// The calling thread's capability sets (cap_get_proc and cap_get_bound).
    public static func current() throws(CapabilityError) -> CapabilitySets {
        guard let state = cap_get_proc() else { throw .systemCall(.last("cap_get_proc")) }
        defer { cap_free(UnsafeMutableRawPointer(state)) }
        var sets = CapabilitySets(permitted: [], effective: [], inheritable: [], bounding: [])
        for number in 0..<cap_max_bits() {
            let capability = Capability(rawValue: number)
            var value = CAP_CLEAR
            if cap_get_flag(state, number, CAP_PERMITTED, &value) == 0, value == CAP_SET { sets.permitted.insert(capability) }
            if cap_get_flag(state, number, CAP_EFFECTIVE, &value) == 0, value == CAP_SET { sets.effective.insert(capability) }
            if cap_get_flag(state, number, CAP_INHERITABLE, &value) == 0, value == CAP_SET { sets.inheritable.insert(capability) }
            if cap_get_bound(number) == 1 { sets.bounding.insert(capability) }
        }
        return sets
    }
}
