import Testing
@testable import KeepvipConfig

/// Garbage in, diagnostics out: never a crash, never a hang.
struct RobustnessTests {
    @Test func survivesRandomBytes() {
        var generator = SplitMix(seed: 42)
        let alphabet = Array("{}\"#!$@^\\ \t\r\nabc019./:_=vrrp_instance virtual_ipaddress ${X} \u{00}\u{FF}".utf8)
        for _ in 0..<300 {
            let count = Int(generator.next() % 400)
            let bytes = (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            _ = load(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func survivesEveryPrefixOfAValidFile() {
        let text = ReferenceConfigTests.text
        for length in stride(from: 0, through: text.utf8.count, by: 3) {
            _ = load(String(decoding: Array(text.utf8).prefix(length), as: UTF8.self))
        }
    }

    @Test func refusesMacroBombs() {
        let result = load("$A=${B}${B}${B}${B}\n$B=${C}${C}${C}${C}\n$C=${D}${D}${D}${D}\n$D=${E}${E}${E}${E}\n$E=${F}${F}${F}${F}\n$F=${G}${G}${G}${G}\n$G=${H}${H}${H}${H}\n$H=xxxxxxxxxxxxxxxxxxxxxx\n${A}\n")
        #expect(result.hasErrors)
    }

    @Test func handlesAnEmptyFile() {
        let result = load("")
        #expect(result.errors.isEmpty)
        #expect(result.configuration?.instances.isEmpty == true)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
