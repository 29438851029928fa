import Glibc
import KeepvipConfig
import KeepvipLinux
import VRRPCore

/// The machine under a `DaemonCore`: its clock and timer, its interfaces, the kernel changes, VRRP
/// sockets, scripts, and what only Linux has (nftables, FIFOs, inotify). `LinuxHost` is the real
/// one; the tests run the whole daemon on an in-memory host on a segment with virtual time.
public protocol DaemonHost: AnyObject {
    /// Now, on the monotonic clock.
    func now() -> Instant
    /// Asks for `DaemonCore.timersDue()` at `deadline` (nil: no timer).
    func setWakeUp(at deadline: Instant?)
    /// Nothing moved for a while after start-up or a transition (Linux hands code that ran once back
    /// to the kernel).
    func settled()
    /// Tells the service manager where the daemon is (systemd on Linux).
    func report(_ event: ServiceEvent)

    func interfaceIndex(named name: String) -> Int32?
    func interfaceName(ofIndex index: Int32) -> String?
    /// Every address on the interface.
    func addresses(interfaceIndex: Int32) -> [IPAddress]
    /// The address an instance without `unicast_src_ip` / `mcast_src_ip` sends from: the interface's
    /// first IPv4 address, or its usable IPv6 link-local address (RFC 9568 §5.1.2.1).
    func primaryAddress(family: AddressFamily, interfaceIndex: Int32) -> IPAddress?
    /// Every link, with its flags.
    func links() -> [LinkEvent]

    var addressManager: any VirtualAddressManager { get }
    var routeManager: any VirtualRouteManager { get }
    var announcer: any AddressAnnouncer { get }
    var scripts: any ScriptRunner { get }

    /// Opens the VRRP socket of `family` on an interface; `onReadable` runs when packets wait.
    func openVRRPSocket(family: AddressFamily, interfaceName: String, interfaceIndex: Int32,
                        onReadable: @escaping () -> Void) throws -> any VRRPSocket
    /// Stops watching and closes a socket `openVRRPSocket` returned.
    func closeVRRPSocket(_ socket: any VRRPSocket)

    /// RFC 9568 §6.1 Accept_Mode False: packets to exactly these addresses are dropped on input from
    /// now on (an empty list: none), in one step that either happens whole or not at all.
    func refuseDelivery(to addresses: [IPAddress]) throws
    func openNotifyFIFO(path: String) throws -> any NotifyLineWriter
    /// Follows `files` (keepalived's `track_file`); `afterChange` runs after each batch of changes.
    func watchTrackFiles(_ files: [TrackFile], afterChange: @escaping () -> Void) throws -> any TrackFileValues

    /// The instances in maintenance (`keepvip handover`) as last saved: they outlive restarts.
    func loadMaintenance() -> Set<String>
    /// Saves them, whole or not at all.
    func saveMaintenance(_ names: Set<String>) throws
}

/// Runs scripts without waiting for them (`ScriptExecutor` on Linux).
public protocol ScriptRunner: AnyObject {
    /// Starts `script`; `completion` follows its exit, or comes at once (result nil) when it cannot start.
    @discardableResult
    func run(_ script: ResolvedScript, completion: @escaping (ScriptOutcome) -> Void) -> pid_t?
    /// Kills the script's process group; its completion still follows.
    func kill(_ pid: pid_t)
    /// Kills every script without calling their completions (the daemon is stopping).
    func stopAll()
}

/// A notify FIFO open for writing (`NotifyFIFOWriter` on Linux).
public protocol NotifyLineWriter: AnyObject {
    var path: String { get }
    func write(line: String) throws
    /// Removes the FIFO if keepvipd created it.
    func removeIfCreated()
}

/// The values of the `track_file`s followed (`FileMonitor` on Linux).
public protocol TrackFileValues: AnyObject {
    var files: [TrackFile] { get }
    /// Called with the name of each file whose value changed.
    var onValueChange: ((String) -> Void)? { get set }
    func value(of name: String) -> Int?
    /// Stops following the files.
    func close()
}
