import Testing
@testable import KeepvipConfig

/// Inputs that went wrong through the fuzz target (Fuzz/, FuzzConfiguration): each must now end in
/// diagnostics, quickly. The fuzzer's input format splits files at "\0//\0": the first is /etc/keepalived/keepalived.conf,
/// the next ones /etc/keepalived/conf.d/1.conf, 2.conf, …
struct FuzzRegressionTests {
    /// Loads a fuzz input exactly as the fuzz target does.
    static func loadFuzzInput(_ input: [UInt8]) -> LoadResult {
        let separator: [UInt8] = [0x00, 0x2F, 0x2F, 0x00]
        var pieces: [[UInt8]] = []
        var start = 0, index = 0
        while index + separator.count <= input.count {
            if input[index..<index + separator.count].elementsEqual(separator) {
                pieces.append(Array(input[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Array(input[start...]))
        var fileSystem = InMemoryFileSystem()
        fileSystem.files["/etc/keepalived/keepalived.conf"] = pieces[0]
        for (number, piece) in pieces.dropFirst().enumerated() {
            fileSystem.files["/etc/keepalived/conf.d/\(number + 1).conf"] = piece
        }
        return ConfigurationLoader(configID: "lb1", fileSystem: fileSystem).load(path: "/etc/keepalived/keepalived.conf")
    }

    /// Written by hand and run through the fuzz target while reviewing the include code (the campaign did not
    /// reach it): nine files that each include `*.conf`; every chain of up to 8 distinct files was followed (about a million
    /// file reads, over 100 s under the fuzzer's sanitizers). Now the number of included files is bounded.
    @Test func includeGlobFanOutIsBounded() {
        let main = Array("include conf.d/*.conf\n".utf8)
        let member = Array("include *.conf\nvrrp_instance x { }\n".utf8)
        let input = ([main] + Array(repeating: member, count: 9)).joined(separator: [0x00, 0x2F, 0x2F, 0x00])
        let clock = ContinuousClock()
        var result: LoadResult?
        let elapsed = clock.measure { result = Self.loadFuzzInput(Array(input)) }
        #expect(result?.configuration == nil)
        #expect(result?.errorTexts.contains {
            $0.hasSuffix("error: includes name more than \(Preprocessor.maximumIncludedFiles) files; files probably include each other through globs")
        } == true)
        #expect(elapsed < .seconds(10))
    }
}
