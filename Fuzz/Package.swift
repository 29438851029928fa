// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for keepvip, kept out of the main package so that its `swift build` / `swift test`
// never see the sanitizer flags. Build and run through `Fuzz/run.sh TARGET SECONDS`, which passes
// `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library` (one flag: two `--sanitize` options
// silently drop the coverage instrumentation).
let package = Package(
    name: "keepvip-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "keepvip", path: ".."),
    ],
    targets: [
        // The entry into libFuzzer's driver that every target shares.
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "FuzzAdvertisement",
            dependencies: [
                "FuzzDriver",
                .product(name: "VRRPCore", package: "keepvip"),
                .product(name: "KeepvipLinux", package: "keepvip"),
            ]
        ),
        // Writes Corpus/FuzzAdvertisement with the encoder; a normal (unsanitized) build.
        .executableTarget(
            name: "FuzzSeeds",
            dependencies: [.product(name: "VRRPCore", package: "keepvip")]
        ),
        .executableTarget(
            name: "FuzzConfiguration",
            dependencies: ["FuzzDriver", .product(name: "KeepvipConfig", package: "keepvip")]
        ),
        .executableTarget(
            name: "FuzzHTTPRequest",
            dependencies: ["FuzzDriver", .product(name: "KeepvipHTTP", package: "keepvip")]
        ),
    ]
)
