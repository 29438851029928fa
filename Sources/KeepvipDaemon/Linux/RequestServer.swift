import KeepvipLinux
import Logging
import VRRPCore

/// One request and one response per connection, served from the event loop without ever blocking
/// it: the control socket and the metrics endpoint. A client that is slow, stuck or hostile costs
/// one descriptor and a bounded buffer until its deadline, never an advert's time.
///
/// Each connection is read until its protocol has a whole request (at most `maximumRequestBytes`);
/// the response is written as the client takes it; then the connection is closed once the client
/// has closed its side, or at the deadline. Past `maximumClients` a new connection gets the protocol's "busy" answer and is closed;
/// one that has not finished within `timeout` is closed.
final class RequestServer {
    /// What is served: framing and answers. Refusals are answers too.
    protocol Handler: AnyObject {
        /// Whether `bytes` (all read so far) hold a whole request, and which.
        func frame(_ bytes: [UInt8], limit: Int) -> Framing
        /// Answers a whole request, at once or later (a reload), exactly once.
        func respond(to request: String, reply: @escaping ([UInt8]) -> Void)
        /// Sent to a connection beyond `maximumClients`.
        var busyResponse: [UInt8] { get }
    }

    enum Framing: Equatable {
        case incomplete
        case complete(String)
        /// Malformed or too long: send these bytes and close.
        case refused([UInt8])
    }

    struct Limits {
        var maximumClients = 16
        var maximumRequestBytes = 1024
        var timeout: Duration = .seconds(5)
    }

    private final class Client {
        let connection: StreamConnection
        let deadline: Instant
        var input: [UInt8] = []
        var output: ArraySlice<UInt8> = []
        /// Until the request is whole (or refused).
        var isReading = true
        /// The whole answer is written.
        var hasAnswered = false
        /// The client closed its sending side.
        var peerClosed = false

        init(connection: StreamConnection, deadline: Instant) {
            self.connection = connection
            self.deadline = deadline
        }
    }

    private let name: String
    private let listener: StreamListener
    private let loop: EventLoop
    private let limits: Limits
    private let handler: any Handler
    private let logger: Logger
    private let clock: () -> Instant
    private var clients: [Int32: Client] = [:]
    /// One line a second for connections turned away, and one for failed accepts.
    private enum Trouble: Hashable { case busy, acceptFailed }
    private var troubleLog = LogRateLimiter<Trouble>()
    /// Connections turned away (too many) and closed at their deadline.
    private(set) var busyRefusals: UInt64 = 0
    private(set) var timeouts: UInt64 = 0
    /// Called when `nextDeadline` may have moved earlier (a new client).
    var onDeadlineChange: (() -> Void)?

    init(name: String, listener: StreamListener, loop: EventLoop, limits: Limits = Limits(), handler: any Handler,
         logger: Logger, clock: @escaping () -> Instant) throws(SystemCallError) {
        self.name = name
        self.listener = listener
        self.loop = loop
        self.limits = limits
        self.handler = handler
        self.logger = logger
        self.clock = clock
        try loop.register(listener.fileDescriptor) { [unowned self] in acceptWaiting() }
    }

    var nextDeadline: Instant? { clients.values.map(\.deadline).min() }

    func timersDue(now: Instant) {
        for client in clients.values where client.deadline <= now {
            timeouts &+= 1
            logger.debug("\(name): closed a connection that did not finish within \(limits.timeout.secondsDescription) s")
            drop(client)
        }
    }

    /// Closes every connection and the listener (which removes a Unix socket's file).
    func close() {
        for client in clients.values { drop(client) }
        loop.unregister(listener.fileDescriptor)
        listener.close()
    }

    private func acceptWaiting() {
        while true {
            let connection: StreamConnection
            do {
                guard let accepted = try listener.accept() else { return }
                connection = accepted
            } catch {
                // EMFILE and the like: say so, and leave the rest in the backlog for the next turn.
                if troubleLog.permit(.acceptFailed, now: clock()).allowed { logger.error("\(name): \(error)") }
                return
            }
            guard clients.count < limits.maximumClients else {
                busyRefusals &+= 1
                if troubleLog.permit(.busy, now: clock()).allowed {
                    logger.warning("\(name): \(limits.maximumClients) connections open already; turning new ones away")
                }
                _ = try? connection.write(handler.busyResponse[...])
                connection.close()
                continue
            }
            let client = Client(connection: connection, deadline: clock() + limits.timeout)
            do {
                try loop.register(connection.fileDescriptor) { [unowned self, unowned client] in read(client) }
            } catch {
                logger.error("\(name): \(error)")
                connection.close()
                continue
            }
            clients[connection.fileDescriptor] = client
            onDeadlineChange?()
        }
    }

    private func read(_ client: Client) {
        while true {
            let result: StreamConnection.ReadResult
            do {
                result = try client.connection.read(upTo: limits.maximumRequestBytes)
            } catch {
                return drop(client)
            }
            switch result {
            case .wouldBlock:
                return
            case .endOfFile:
                // Gone before a whole request, or done reading the answer: nothing more to do. A
                // client that only closed its sending side still gets an answer on its way.
                guard !client.isReading, !client.hasAnswered else { return drop(client) }
                client.peerClosed = true
                loop.unregister(client.connection.fileDescriptor)
                return
            case .bytes(let bytes):
                // Past the request, input is read and thrown away: closing with unread bytes would
                // reset the connection before the client reads the answer.
                guard client.isReading else { continue }
                client.input += bytes
                let framing = handler.frame(client.input, limit: limits.maximumRequestBytes)
                if framing == .incomplete && client.input.count < limits.maximumRequestBytes { continue }
                client.isReading = false
                client.input = []
                switch framing {
                case .incomplete:
                    // The protocol did not refuse what outgrew the limit itself.
                    return drop(client)
                case .refused(let response):
                    send(response, to: client)
                case .complete(let request):
                    handler.respond(to: request) { [weak self, weak client] response in
                        guard let self, let client, clients[client.connection.fileDescriptor] === client else { return }
                        send(response, to: client)
                    }
                }
            }
        }
    }

    private func send(_ response: [UInt8], to client: Client) {
        client.output = response[...]
        write(client)
    }

    /// Writes what the client takes now, and the rest when it can take more; once all is written,
    /// ends the stream and waits for the client to close (or closes at once if it has).
    private func write(_ client: Client) {
        do {
            while !client.output.isEmpty {
                let written = try client.connection.write(client.output)
                if written == 0 {
                    try loop.whenWritable(client.connection.fileDescriptor) { [unowned self, unowned client] in write(client) }
                    return
                }
                client.output = client.output.dropFirst(written)
            }
            client.hasAnswered = true
            if !client.peerClosed {
                client.connection.shutdownWrite()
                return
            }
        } catch {
            // The client went away (EPIPE, ECONNRESET): nothing more to do for it.
        }
        drop(client)
    }

    private func drop(_ client: Client) {
        let fd = client.connection.fileDescriptor
        guard clients[fd] === client else { return }
        loop.unregister(fd)
        clients[fd] = nil
        client.connection.close()
    }
}
