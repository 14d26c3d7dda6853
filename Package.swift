// swift-tools-version: 6.1
//
// TenderTrail: evaluate public tenders so that the result stands up to an auditor.
// Module map and dependency rules: see ../DESIGN notes in docs/ and README.md.
// Dependencies point down only: tender → {TenderDocuments, EvidenceTrail, TenderReports}
// → {TenderEvaluation, TenderModel, TenderXML}, and only TenderXML imports CLibXML2.

import PackageDescription

let package = Package(
    name: "TenderTrail",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tender", targets: ["tender"]),
        .library(name: "TenderModel", targets: ["TenderModel"]),
        .library(name: "TenderXML", targets: ["TenderXML"]),
        .library(name: "TenderDocuments", targets: ["TenderDocuments"]),
        .library(name: "TenderEvaluation", targets: ["TenderEvaluation"]),
        .library(name: "EvidenceTrail", targets: ["EvidenceTrail"]),
        .library(name: "TenderReports", targets: ["TenderReports"]),
        .library(name: "TenderSummaries", targets: ["TenderSummaries"]),
    ],
    dependencies: [
        // Command-line parsing for the thin `tender` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 for the evidence trail (and Ed25519 signatures as the lifecycle lands).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // Arbitrary-precision integers behind the exact rational arithmetic of points
        // (a lowest-price ratio such as 40 × 80000 / 95000 has no finite decimal form).
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
        // Zip bundles of a case for auditors (`tender pack`, `tender verify case.zip`).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Property-based tests (generators, shrinking, replay with `.fixedSeed`); test targets only.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // libxml2 from the system: parsing, XSD validation, XPath and exclusive C14N.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The only module that touches libxml2 pointers: secure parsing, schemas, XPath, C14N, writing.
        .target(name: "TenderXML", dependencies: ["CLibXML2", "TenderConcurrency"]),
        // Independent pieces of work spread over the cores, results in the order of the work: the
        // reading of files and the scoring of bids. No domain logic.
        .target(name: "TenderConcurrency"),
        // Pure domain values: the plan, bids, score sheets, moderation, money and exact points. No I/O.
        .target(name: "TenderModel", dependencies: [.product(name: "BigInt", package: "BigInt")]),
        // XML documents to model values and back: our own formats (XSDs shipped as resources) and eForms.
        .target(
            name: "TenderDocuments",
            dependencies: ["TenderXML", "TenderModel", "TenderConcurrency"],
            resources: [.copy("Schemas")]
        ),
        // The scoring engine: gates, thresholds, aggregation, price formulas, totals, ranking. Pure.
        .target(name: "TenderEvaluation", dependencies: ["TenderModel", "TenderConcurrency"]),
        // Canonical hashing, the hash-chained trail with checkpoints, and verification as named checks.
        .target(
            name: "EvidenceTrail",
            dependencies: [
                "TenderXML", "TenderModel", "TenderDocuments", "TenderEvaluation", "TenderSummaries",
                "TenderConcurrency", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Assessment summaries (Procurement Regulations 2024 reg 31) as HTML and Markdown: below
        // EvidenceTrail, whose verify check compares each summary with the one the record gives.
        .target(name: "TenderSummaries", dependencies: ["TenderModel", "TenderEvaluation", "TenderXML"]),
        // Text for people and tools: the ranking table, the verification report, JSON output, exports, the
        // HTML award report (through TenderXML's libxml2 writer) and the terminal. Values in, text out.
        .target(
            name: "TenderReports",
            dependencies: [
                "TenderModel", "TenderEvaluation", "EvidenceTrail", "TenderDocuments", "TenderXML", "CTerminal",
            ]
        ),
        // The C library's terminal column widths (wcwidth), for tables that line up in any script.
        .target(name: "CTerminal"),
        // The `tender` command: argument parsing, calls into the libraries, exit codes. No domain logic.
        .executableTarget(
            name: "tender",
            dependencies: [
                "TenderDocuments", "TenderEvaluation", "EvidenceTrail", "TenderReports", "TenderSummaries",
                "TenderModel", "TenderXML", "TenderConcurrency",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc (`libmimalloc-dev`) as the process's allocator on Linux: reading a case
            // makes millions of small allocations on every core (libxml2's trees, the model), on
            // which glibc's malloc slows as the heap grows (Benchmarks/RESULTS.md).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // The benchmark's case generator (issue 7, Benchmarks/README.md): not a product, not tested by
        // `swift test`; built with the package so that it shares its build (`swift build --product
        // tender-bench-gen`).
        .executableTarget(
            name: "tender-bench-gen",
            dependencies: ["EvidenceTrail", "TenderDocuments", "TenderModel"],
            path: "Benchmarks/Sources/tender-bench-gen",
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["TenderModel", "TenderDocuments", "TenderEvaluation", "EvidenceTrail"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "TenderXMLTests", dependencies: ["TenderXML", "TestSupport"]),
        .testTarget(
            name: "TenderModelTests", dependencies: ["TenderModel", .product(name: "BigInt", package: "BigInt")]),
        .testTarget(
            name: "TenderDocumentsTests",
            dependencies: ["TenderDocuments", "TenderEvaluation", "TenderModel", "TenderXML", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TenderEvaluationTests",
            dependencies: [
                "TenderEvaluation", "TenderModel", "TenderDocuments", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "EvidenceTrailTests",
            dependencies: [
                "EvidenceTrail", "TenderDocuments", "TenderEvaluation", "TenderModel", "TenderXML", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Fixtures: the OCDS 1.1.5 schemas and extensions, and the Python script that validates against them.
        .testTarget(
            name: "TenderReportsTests",
            dependencies: [
                "TenderReports", "TenderSummaries", "EvidenceTrail", "TenderDocuments", "TenderEvaluation",
                "TenderModel",
                "TenderXML", "TestSupport",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TenderCLITests",
            dependencies: ["TestSupport", "tender", "EvidenceTrail", "TenderDocuments", "TenderModel"],
            exclude: ["Golden"]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
