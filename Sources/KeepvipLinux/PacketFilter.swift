import Glibc
import VRRPCore

/// Drops local delivery of packets addressed to given addresses, through nftables: RFC 9568 §6.1's
/// Accept_Mode false (keepalived's `no_accept`). ARP and IPv6 neighbour discovery still work, so
/// the Active router keeps answering for the addresses and forwarding for them.
///
/// libnftables is loaded with dlopen when the first filter is made, so a daemon without `no_accept`
/// instances neither needs nor maps it. Everything lives in one table, `inet keepvip`, created at
/// start and deleted by `close()`.
public final class PacketFilter {
    public struct Failure: Error, CustomStringConvertible {
        public var operation: String
        public var message: String
        public var description: String { "\(operation): \(message)" }
    }

    public static let tableName = "keepvip"

    private let library: NftablesLibrary
    private let context: OpaquePointer
    private var closed = false

    public init() throws(Failure) {
        library = try NftablesLibrary.load()
        guard let context = library.newContext(0) else {
            throw Failure(operation: "nft_ctx_new", message: "out of memory")
        }
        self.context = context
        _ = library.bufferError(context)
        _ = library.bufferOutput(context)
        // A table left by a crash is replaced, so the rules are exactly ours.
        try? run("delete table inet \(Self.tableName)")
        try run("""
            table inet \(Self.tableName) {
                set no_accept_v4 { type ipv4_addr; }
                set no_accept_v6 { type ipv6_addr; }
                chain input {
                    type filter hook input priority filter - 1; policy accept;
                    ip daddr @no_accept_v4 drop
                    ip6 daddr @no_accept_v6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
                    ip6 daddr @no_accept_v6 drop
                }
            }
            """)
    }

    deinit { close() }

    /// Packets to these addresses are dropped on input from now on.
    public func refuseDelivery(to addresses: [IPAddress]) throws(Failure) {
        let commands = Self.additions(addresses)
        if !commands.isEmpty { try run(commands.joined(separator: "\n")) }
    }

    /// Packets to exactly these addresses are dropped from now on (a reload), in one transaction.
    public func replaceRefused(with addresses: [IPAddress]) throws(Failure) {
        let flush = ["v4", "v6"].map { "flush set inet \(Self.tableName) no_accept_\($0)" }
        try run((flush + Self.additions(addresses)).joined(separator: "\n"))
    }

    private static func additions(_ addresses: [IPAddress]) -> [String] {
        let v4 = addresses.compactMap { if case .v4(let a) = $0 { a.description } else { nil } }
        let v6 = addresses.compactMap { if case .v6(let a) = $0 { a.description } else { nil } }
        return [("v4", v4), ("v6", v6)].filter { !$0.1.isEmpty }.map {
            "add element inet \(tableName) no_accept_\($0.0) { \($0.1.joined(separator: ", ")) }"
        }
    }

    /// Deletes the table; idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        try? run("delete table inet \(Self.tableName)")
        library.freeContext(context)
    }

    private func run(_ command: String) throws(Failure) {
        if library.runCommand(context, command) != 0 {
            let message = library.errorBuffer(context).map { String(cString: $0) } ?? "failed"
            throw Failure(operation: "nft", message: message.split(separator: "\n").first.map(String.init) ?? message)
        }
    }
}

/// The few libnftables entry points, resolved at run time.
private struct NftablesLibrary {
    typealias NewContext = @convention(c) (UInt32) -> OpaquePointer?
    typealias FreeContext = @convention(c) (OpaquePointer) -> Void
    typealias RunCommand = @convention(c) (OpaquePointer, UnsafePointer<CChar>) -> Int32
    typealias Buffer = @convention(c) (OpaquePointer) -> Int32
    typealias GetBuffer = @convention(c) (OpaquePointer) -> UnsafePointer<CChar>?

    let newContext: NewContext
    let freeContext: FreeContext
    let runCommand: RunCommand
    let bufferError: Buffer
    let bufferOutput: Buffer
    let errorBuffer: GetBuffer

    static func load() throws(PacketFilter.Failure) -> NftablesLibrary {
        guard let handle = dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            throw PacketFilter.Failure(operation: "dlopen(libnftables.so.1)", message: "\(reason); install the nftables package for no_accept")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(PacketFilter.Failure) -> T {
            guard let pointer = dlsym(handle, name) else {
                throw PacketFilter.Failure(operation: "dlsym(\(name))", message: "missing from libnftables")
            }
            return unsafeBitCast(pointer, to: type)
        }
        return NftablesLibrary(
            newContext: try symbol("nft_ctx_new", as: NewContext.self),
            freeContext: try symbol("nft_ctx_free", as: FreeContext.self),
            runCommand: try symbol("nft_run_cmd_from_buffer", as: RunCommand.self),
            bufferError: try symbol("nft_ctx_buffer_error", as: Buffer.self),
            bufferOutput: try symbol("nft_ctx_buffer_output", as: Buffer.self),
            errorBuffer: try symbol("nft_ctx_get_error_buffer", as: GetBuffer.self)
        )
    }
}
