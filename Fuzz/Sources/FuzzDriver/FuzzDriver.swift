// What every libFuzzer target here shares: SwiftPM links an executable target with `main` defined as
// `<Target>_main`, which keeps libFuzzer's own `main` out of the link, so each target's `<Target>_main`
// calls `runFuzzer`, which hands control to libFuzzer's driver.

public typealias FuzzEntry = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func runLibFuzzer(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: FuzzEntry
) -> CInt

/// Runs `warmUp` (Swift initializes globals lazily: touching them all first keeps LeakSanitizer from
/// taking them for leaks of the first input that reaches them), then libFuzzer over `testOneInput`.
public func runFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, warmUp: () -> Void,
    testOneInput: FuzzEntry
) -> CInt {
    warmUp()
    var count = argc
    var arguments = argv
    return runLibFuzzer(&count, &arguments, testOneInput)
}
