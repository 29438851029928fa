import KeepvipConfig
import VRRPCore

/// Two whole daemons, lb1 (192.0.2.11) and lb2 (192.0.2.12), on one in-memory segment; lb1 has
/// /usr/bin/notify installed.
struct SimulatedPair {
    let segment = InMemorySegment()
    let lb1: SimulatedDaemonHost
    let lb2: SimulatedDaemonHost

    init() {
        lb1 = SimulatedDaemonHost(address: lb1Address, segment: segment)
        lb2 = SimulatedDaemonHost(address: lb2Address, segment: segment)
        lb1.fileSystem.install(executable: "/usr/bin/notify")
    }
}
