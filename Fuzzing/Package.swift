// swift-tools-version: 6.1
//
// libFuzzer targets for TenderTrail's readers: one executable per reader, each exporting
// `LLVMFuzzerTestOneInput`. Not part of the main package or `swift test`; build and run with
// `Fuzzing/run.sh SECONDS` (see README.md and RESULTS.md beside this file).

import PackageDescription

let readers = ["plan", "bid", "score-sheet", "moderation", "declaration", "notice", "trail"]

let package = Package(
    name: "TenderTrailFuzzing",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The package under test, by path: the fuzz targets call its public readers.
        .package(name: "TenderTrail", path: "..")
    ],
    targets: [
        // The declaration of libFuzzer's driver, `LLVMFuzzerRunDriver`.
        .target(name: "CFuzzDriver"),
        // The harness bodies: one function per reader, each total on any input (it may refuse
        // input, but must never crash, hang or exhaust memory).
        .target(
            name: "FuzzTargets",
            dependencies: [
                .product(name: "TenderXML", package: "TenderTrail"),
                .product(name: "TenderModel", package: "TenderTrail"),
                .product(name: "TenderDocuments", package: "TenderTrail"),
                .product(name: "EvidenceTrail", package: "TenderTrail"),
            ]
        ),
    ]
        + readers.map { reader in
            // One libFuzzer executable per reader. SwiftPM links an executable's entry point as
            // `<module>_main` (Linux: `--defsym main=<module>_main`), which hides libFuzzer's own `main`;
            // each target therefore defines `<module>_main` and hands over to `LLVMFuzzerRunDriver`.
            .executableTarget(name: "fuzz-\(reader)", dependencies: ["FuzzTargets", "CFuzzDriver"])
        }
)
