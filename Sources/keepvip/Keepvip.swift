import ArgumentParser
import KeepvipDaemon

@main
struct Keepvip: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keepvip",
        abstract: "The operator's tool for keepvipd, the VRRP failover agent.",
        version: KeepvipVersion.current,
        subcommands: [Status.self, Stats.self, Reload.self, Handover.self, Check.self, Peer.self, LabCommand.self]
    )
}
