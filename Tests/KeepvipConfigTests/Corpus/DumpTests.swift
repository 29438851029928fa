import Foundation
import Testing
@testable import KeepvipConfig

@Test func dumpCorpusDiagnostics() throws {
    guard ProcessInfo.processInfo.environment["KEEPVIP_DUMP"] != nil else { return }
    let names = try FileManager.default.contentsOfDirectory(atPath: CorpusTests.corpusDirectory.path).filter { $0.hasSuffix(".conf") }.sorted()
    var text = ""
    for name in names {
        let result = ConfigurationLoader(configID: "corpus").load(path: CorpusTests.corpusDirectory.appendingPathComponent(name).path)
        text += "=== \(name)\n"
        for d in result.diagnostics { text += d.description.replacingOccurrences(of: CorpusTests.corpusDirectory.path + "/", with: "") + "\n" }
        for i in result.configuration?.instances ?? [] {
            text += "  \(i.name) if=\(i.interface) vrid=\(i.virtualRouterID) prio=\(i.priority) adv=\(i.advertisementInterval) \(i.version) \(i.family) state=\(i.initialState) preempt=\(i.preempt) auth=\(String(describing: i.authentication)) src=\(String(describing: i.unicastSourceAddress)) peers=\(i.unicastPeers) vips=\(i.virtualAddresses.map(\.description))\n"
        }
    }
    try text.write(toFile: "/tmp/dump/corpus.txt", atomically: true, encoding: .utf8)
}
