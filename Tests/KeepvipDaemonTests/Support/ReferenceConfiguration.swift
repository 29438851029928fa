import KeepvipConfig
import VRRPCore

let lb1Address = IPAddress("192.0.2.11")!
let lb2Address = IPAddress("192.0.2.12")!
let rogueAddress = IPAddress("192.0.2.13")!
let floatingAddress = IPAddress("192.0.2.200")!

/// The reference deployment: loadbalancer1 (priority 101) and loadbalancer2 (100), unicast.
func referenceInstance(lb: Int, priority: UInt8? = nil, preempt: Bool = true) -> InstanceConfiguration {
    let here = SourceLocation(file: "keepvip.conf", line: 1, column: 1)
    return InstanceConfiguration(
        name: "loadbalancer\(lb)", location: here, initialState: lb == 1 ? .master : .backup,
        interface: "ens5", interfaceLocation: here, virtualRouterID: 101, priority: priority ?? (lb == 1 ? 101 : 100),
        preempt: preempt, authentication: .password(Array("password".utf8)),
        unicastSourceAddress: lb == 1 ? lb1Address : lb2Address,
        unicastPeers: [lb == 1 ? lb2Address : lb1Address],
        virtualAddresses: [VirtualAddress(address: floatingAddress, prefixLength: 24, location: here)]
    )
}

extension Instant {
    static func seconds(_ value: Double) -> Instant { Instant(nanoseconds: Int64(value * 1e9)) }
}
