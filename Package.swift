// swift-tools-version:6.0
import PackageDescription

// Dependency rule: VRRPCore is pure (no I/O, no Foundation); KeepvipConfig is the
// configuration language; KeepvipHTTP parses what HTTP clients send and KeepvipJSON writes JSON
// (both pure too); KeepvipLinux wraps the kernel; KeepvipDaemon joins them.
// Only the `keepvip` tool links swift-argument-parser: the daemon stays lean.
let package = Package(
    name: "keepvip",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "keepvipd", targets: ["keepvipd"]),
        .executable(name: "keepvip", targets: ["keepvip"]),
        // Libraries only so that the separate fuzzing package (Fuzz/) can depend on this one by path.
        .library(name: "VRRPCore", targets: ["VRRPCore"]),
        .library(name: "KeepvipConfig", targets: ["KeepvipConfig"]),
        .library(name: "KeepvipLinux", targets: ["KeepvipLinux"]),
        .library(name: "KeepvipHTTP", targets: ["KeepvipHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "CKeepvipShim"),
        .systemLibrary(
            name: "CNetlinkRoute",
            pkgConfig: "libnl-route-3.0",
            providers: [.apt(["libnl-3-dev", "libnl-route-3-dev"])]
        ),
        .systemLibrary(name: "CLibcap", providers: [.apt(["libcap-dev"])]),

        .target(name: "VRRPCore"),
        .target(name: "KeepvipConfig", dependencies: ["VRRPCore"]),
        .target(name: "KeepvipHTTP"),
        .target(name: "KeepvipJSON"),
        .target(
            name: "KeepvipLinux",
            dependencies: ["CKeepvipShim", "CNetlinkRoute", "CLibcap", "VRRPCore"]
        ),
        .target(
            name: "KeepvipDaemon",
            dependencies: [
                "VRRPCore", "KeepvipConfig", "KeepvipLinux", "KeepvipHTTP", "KeepvipJSON",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "KeepvipPeer", dependencies: ["VRRPCore", "KeepvipLinux", "KeepvipJSON"]),
        .target(name: "KeepvipLab", dependencies: ["KeepvipConfig"]),
        .executableTarget(name: "keepvipd", dependencies: ["KeepvipDaemon"]),
        .executableTarget(
            name: "keepvip",
            dependencies: [
                "KeepvipConfig", "KeepvipDaemon", "KeepvipPeer", "KeepvipLab",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "VRRPCoreTests", dependencies: ["VRRPCore"]),
        .testTarget(name: "KeepvipConfigTests", dependencies: ["KeepvipConfig"], exclude: ["Corpus/expected.txt"]),
        .testTarget(name: "KeepvipLinuxTests", dependencies: ["KeepvipLinux"]),
        .testTarget(name: "KeepvipHTTPTests", dependencies: ["KeepvipHTTP"]),
        .testTarget(name: "KeepvipJSONTests", dependencies: ["KeepvipJSON"]),
        .testTarget(name: "KeepvipPeerTests", dependencies: ["KeepvipPeer"]),
        .testTarget(name: "KeepvipLabTests", dependencies: ["KeepvipLab"]),
        .testTarget(
            name: "KeepvipDaemonTests",
            dependencies: ["KeepvipDaemon", .product(name: "Logging", package: "swift-log")],
            exclude: ["Conformance/CONFORMANCE.md"]
        ),
    ]
)
