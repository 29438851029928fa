/// The lab's state file, /run/keepvip-lab/NAME/state: one record per line, appended
/// (and synced) *before* the thing it names is made, so that `down` can undo a lab
/// whose `up` was killed half way. Records:
///   lab NAME HOSTS KEEPVIPD TEMPLATE
///   netns NAME
///   pid PID STARTTIME ROLE HOST      (ROLE: daemon | logger)
///   gone PID                          (a process the lab ended itself)
///   loss PERCENT METHOD               (METHOD: netem | nft; 0 = none)
///   partition HOST...                 (empty = healed)
/// Unknown or truncated lines are ignored, so a torn last line is harmless.
public struct LabState: Sendable, Equatable {
    public struct Process: Sendable, Equatable {
        public var pid: Int32, startTime: UInt64, role: String, host: String
        public init(pid: Int32, startTime: UInt64, role: String, host: String) {
            self.pid = pid; self.startTime = startTime; self.role = role; self.host = host
        }
    }
    public var name: String?
    public var hostCount: Int?
    public var keepvipd: String?
    public var template: String?
    public var namespaces: [String] = []
    /// Processes started and not yet recorded as gone, in start order.
    public var processes: [Process] = []
    public var lossPercent = 0
    public var lossMethod = ""
    public var partition: [String] = []

    public init() {}

    public static func record(_ words: [String]) -> String { words.joined(separator: " ") + "\n" }

    public init(parsing text: String) {
        for line in text.split(separator: "\n") {
            let w = line.split(separator: " ").map(String.init)
            guard let kind = w.first else { continue }
            switch kind {
            case "lab" where w.count >= 5:
                name = w[1]; hostCount = Int(w[2]); keepvipd = w[3]; template = w[4...].joined(separator: " ")
            case "netns" where w.count == 2:
                if !namespaces.contains(w[1]) { namespaces.append(w[1]) }
            case "pid" where w.count == 5:
                if let p = Int32(w[1]), let s = UInt64(w[2]) {
                    processes.removeAll { $0.pid == p }
                    processes.append(Process(pid: p, startTime: s, role: w[3], host: w[4]))
                }
            case "gone" where w.count == 2:
                if let p = Int32(w[1]) { processes.removeAll { $0.pid == p } }
            case "loss" where w.count == 3:
                if let p = Int(w[1]) { lossPercent = p; lossMethod = w[2] }
            case "partition":
                partition = Array(w.dropFirst())
            default:
                continue
            }
        }
    }

    public func daemon(of host: String) -> Process? {
        processes.last { $0.host == host && $0.role == "daemon" }
    }
}
