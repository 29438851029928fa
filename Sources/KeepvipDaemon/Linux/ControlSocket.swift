import Glibc
import KeepvipLinux
import VRRPCore

/// The control socket: a Unix stream socket at `--control-socket` (default
/// /run/keepvip/keepvip.sock) serving `ControlService` from the event loop. The directory is made
/// 0750 and the socket 0600, owned by root — or 0660 with group `keepvip` when that group exists, so
/// its members can run `keepvip status` without root. Nothing is ever written to /tmp.
enum ControlSocket {
    static let operatorGroup = "keepvip"

    /// Opens the listener; needs to run before capabilities are dropped (chown to the group).
    static func listen(at path: String) throws -> StreamListener {
        let group = try UserDatabase.group(named: operatorGroup)
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty, access(directory, F_OK) != 0 {
            if mkdir(directory, 0o750) != 0 && errno != EEXIST { throw SystemCallError("mkdir(\(directory))", errno: errno) }
            if let group, chown(directory, 0, group) != 0 { throw SystemCallError("chown(\(directory))", errno: errno) }
        }
        return try StreamListener.unix(path: path, mode: group == nil ? 0o600 : 0o660, group: group)
    }
}

extension ControlService: RequestServer.Handler {
    /// One line, ended by a newline (a carriage return before it is ignored).
    func frame(_ bytes: [UInt8], limit: Int) -> RequestServer.Framing {
        guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            return bytes.count >= limit ? .refused(Response.failure("bad request: longer than \(limit) bytes").encoded) : .incomplete
        }
        var line = bytes[..<end]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return .complete(String(decoding: line, as: UTF8.self))
    }

    func respond(to request: String, reply: @escaping ([UInt8]) -> Void) {
        respond(to: request) { (response: Response) in reply(response.encoded) }
    }

    var busyResponse: [UInt8] { Response.failure("busy: too many control connections open; try again").encoded }
}
