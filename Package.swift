// swift-tools-version:6.0
import PackageDescription

// One module per stage of a document's journey; C libraries sit behind one small Swift wrapper each
// (SeirenICU, SeirenMeCab, SeirenZstd, SeirenXML, SeirenCompression for zlib, liblzma and libbz2), so no other
// module touches their pointers.
let package = Package(
    name: "Seiren",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "seiren", targets: ["seiren"]),
        .library(name: "SeirenCore", targets: ["SeirenCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // C libraries. ICU is reached through a C shim whose header includes no ICU header: Foundation carries
        // its own ICU and the two sets of declarations cannot meet in one Swift module.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        .systemLibrary(name: "CMeCab", path: "Sources/CMeCab"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd"),
        // zlib, liblzma and libbz2: gzip, xz and bzip2 input (no pkg-config file for libbz2; their headers are in
        // the system's include folder).
        .systemLibrary(name: "CCompression", path: "Sources/CCompression"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0"),
        // Not a library: the MinHash inner loop in C, the only way to use AVX2/AVX-512 chosen at run time.
        .target(name: "CMinHashKernel"),

        // The Swift wrappers.
        .target(name: "SeirenICU", dependencies: ["CICU"]),
        .target(name: "SeirenMeCab", dependencies: ["CMeCab"]),
        .target(name: "SeirenZstd", dependencies: ["CZstd"]),
        .target(name: "SeirenXML", dependencies: ["CLibXML2"]),
        .target(name: "SeirenCompression", dependencies: ["CCompression"]),

        // Documents, JSON, shards and manifests.
        .target(
            name: "SeirenCore",
            dependencies: ["SeirenZstd", "SeirenCompression", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // The stages, one module each.
        .target(name: "SeirenExtract", dependencies: ["SeirenCore", "SeirenXML", "SeirenICU"]),
        .target(name: "SeirenNormalize", dependencies: ["SeirenCore", "SeirenICU"]),
        .target(name: "SeirenSegment", dependencies: ["SeirenCore", "SeirenMeCab"]),
        .target(name: "SeirenFilter", dependencies: ["SeirenCore"]),
        .target(name: "SeirenDedup", dependencies: ["SeirenCore", "SeirenICU", "CMinHashKernel",
                                                  .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "SeirenTokenizer", dependencies: ["SeirenCore", "SeirenICU", "SeirenMeCab", "SeirenSegment"]),
        .target(
            name: "SeirenIngest",
            dependencies: ["SeirenCore", "SeirenExtract", "SeirenNormalize", "SeirenMeCab", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // The whole pipeline from one manifest, resumable, with a report.
        .target(
            name: "SeirenPipeline",
            dependencies: ["SeirenCore", "SeirenExtract", "SeirenNormalize", "SeirenFilter", "SeirenDedup",
                           "SeirenTokenizer", .product(name: "Yams", package: "Yams")]
        ),

        // The command-line tool: parses and delegates.
        .executableTarget(
            name: "seiren",
            dependencies: [
                "SeirenCore", "SeirenExtract", "SeirenNormalize", "SeirenSegment", "SeirenFilter", "SeirenDedup",
                "SeirenTokenizer", "SeirenPipeline", "SeirenIngest", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Fuzzing: the untrusted-input parsers as functions (replayed by SeirenFuzzingTests), and the executable
        // scripts/fuzz/run builds with -sanitize=fuzzer (plain builds make it a replay tool).
        .target(name: "SeirenFuzzing",
                dependencies: ["SeirenCore", "SeirenExtract", "SeirenIngest", "SeirenPipeline",
                               .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(name: "seiren-fuzz", dependencies: ["SeirenFuzzing"]),

        .testTarget(name: "SeirenWrapperTests", dependencies: ["SeirenICU", "SeirenMeCab", "SeirenZstd", "SeirenXML"]),
        .testTarget(name: "SeirenCoreTests", dependencies: ["SeirenCore", "SeirenZstd", "SeirenCompression"]),
        .testTarget(name: "SeirenExtractTests", dependencies: ["SeirenExtract", "SeirenCore", "SeirenXML", "SeirenZstd"]),
        .testTarget(name: "SeirenNormalizeTests", dependencies: ["SeirenNormalize"]),
        .testTarget(name: "SeirenSegmentTests", dependencies: ["SeirenSegment"]),
        .testTarget(name: "SeirenFilterTests", dependencies: ["SeirenFilter"]),
        .testTarget(name: "SeirenDedupTests", dependencies: ["SeirenDedup", "CMinHashKernel"]),
        .testTarget(name: "SeirenTokenizerTests", dependencies: ["SeirenTokenizer"]),
        .testTarget(name: "SeirenIngestTests", dependencies: ["SeirenIngest"]),
        .testTarget(name: "SeirenPipelineTests", dependencies: ["SeirenPipeline"]),
        // Runs the built `seiren` binary as a user would.
        .testTarget(name: "SeirenCLITests", dependencies: ["SeirenCore", "seiren"]),
        .testTarget(name: "SeirenFuzzingTests", dependencies: ["SeirenFuzzing", "SeirenIngest"]),
    ],
    swiftLanguageModes: [.v5]
)
