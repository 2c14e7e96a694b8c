// swift-tools-version: 6.1
import PackageDescription

/// Upcoming language features, as Hummingbird turns them on:
/// - ExistentialAny: https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
/// - MemberImportVisibility: https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
/// - InternalImportsByDefault: https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "offerbox",
    products: [
        .executable(name: "offerbox", targets: ["offerbox"]),
        .executable(name: "offerbox-pdf-worker", targets: ["offerbox-pdf-worker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // libcurl, with non-variadic wrappers for curl_easy_setopt / curl_easy_getinfo.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        // Small text helpers every other target may share (trimming, with the unit spelt out: Character,
        // scalar or byte). Standard library only, no dependencies: a leaf, like ServiceLifecycle's ConcurrencyHelpers.
        .target(name: "TextBasics", swiftSettings: swiftSettings),
        // Pure RFC 5322 / MIME parsing: standard library, Foundation and Glibc only (and TextBasics).
        .target(name: "MIME", dependencies: ["TextBasics"], swiftSettings: swiftSettings),
        // The domain: document kinds, classification, languages, financial figures, offer rules. Pure: time is passed in.
        .target(name: "OfferCore", dependencies: ["TextBasics"], swiftSettings: swiftSettings),
        // The files of a message (attachments, zips, TNEF, attached messages) and their text (PDF, OOXML, ODF, RTF, HTML).
        .target(
            name: "OfferDocuments",
            dependencies: [
                "MIME", "OfferCore", "TextBasics", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The register in SQLite (GRDB): messages byte-exact, documents, offers, events, the reply outbox.
        .target(
            name: "OfferStore",
            dependencies: ["OfferCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // IMAP and SMTP through libcurl: raw bytes in and out, no MIME, no offers.
        .target(
            name: "MailTransport",
            dependencies: ["CCurl", "TextBasics", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The daemon's wiring: configuration, pipeline, replies.
        .target(
            name: "OfferboxService",
            dependencies: [
                "MIME", "OfferCore", "OfferDocuments", "OfferStore", "MailTransport", "TextBasics",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // The reply templates, compiled into the binary (PackageResources.*_mustache) so that a
            // config without [replies] runs anywhere; `[replies] templates` may override each one.
            resources: [
                .embedInCode("Replies/Templates/acknowledgment.mustache"),
                .embedInCode("Replies/Templates/incomplete.mustache"),
                .embedInCode("Replies/Templates/late.mustache"),
                .embedInCode("Replies/Templates/correction.mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The register on a web page (issue 10): server-rendered HTML from embedded Mustache
        // templates, sessions, roles and the seal, documents served re-hashed, /healthz, /metrics.
        // Reads through OfferboxService's Register; writes only access events and the opening record.
        .target(
            name: "OfferboxWeb",
            dependencies: [
                "OfferboxService", "OfferStore", "OfferCore", "TextBasics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "MIME",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [
                .embedInCode("Templates/layout.mustache"),
                .embedInCode("Templates/login.mustache"),
                .embedInCode("Templates/overview.mustache"),
                .embedInCode("Templates/offers.mustache"),
                .embedInCode("Templates/offer.mustache"),
                .embedInCode("Templates/exports.mustache"),
                .embedInCode("Templates/error.mustache"),
                .embedInCode("Assets/style.css"),
            ],
            swiftSettings: swiftSettings
        ),
        // The commands of the contract; the executable only calls into this.
        .target(
            name: "OfferboxCLI",
            dependencies: [
                "MIME",
                "OfferCore",
                "OfferDocuments",
                "OfferboxService",
                "OfferboxWeb",
                "OfferStore",
                "MailTransport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "offerbox", dependencies: ["OfferboxCLI"], swiftSettings: swiftSettings),
        // The PDF text worker (issue 11): poppler linked here, never into the daemon; the daemon
        // keeps one or two running and sends them PDFs over a pipe. C++, Debian's libpoppler-cpp-dev.
        .executableTarget(
            name: "offerbox-pdf-worker",
            path: "Sources/PDFWorker",
            cxxSettings: [.unsafeFlags(["-I/usr/include/poppler/cpp", "-I/usr/include/poppler"])],
            linkerSettings: [.linkedLibrary("poppler-cpp")]
        ),
        // libFuzzer entry over the MIME parser; see scripts/testing/fuzz-mime.
        // What the two fuzz executables share: libFuzzer's driver, the replayer, a result sink.
        .target(name: "FuzzSupport", swiftSettings: swiftSettings),
        .executableTarget(name: "FuzzMIME", dependencies: ["MIME", "FuzzSupport"], swiftSettings: swiftSettings),
        // libFuzzer entry over the document readers (zip, TNEF, RTF, OOXML/ODF); see scripts/testing/fuzz-documents.
        .executableTarget(name: "FuzzDocuments", dependencies: ["MIME", "OfferCore", "OfferDocuments", "FuzzSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "TextBasicsTests", dependencies: ["TextBasics"], swiftSettings: swiftSettings),
        .testTarget(name: "MIMETests", dependencies: ["MIME"], swiftSettings: swiftSettings),
        .testTarget(name: "OfferCoreTests", dependencies: ["OfferCore"], swiftSettings: swiftSettings),
        .testTarget(name: "OfferDocumentsTests", dependencies: ["OfferDocuments", "OfferCore", "MIME"], swiftSettings: swiftSettings),
        .testTarget(name: "OfferboxServiceTests", dependencies: ["OfferboxService", "OfferCore", "OfferStore", "MIME", "MailTransport",
                                                                  .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
        .testTarget(name: "OfferStoreTests", dependencies: ["OfferStore", "OfferCore", .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
        .testTarget(name: "MailTransportTests", dependencies: ["MailTransport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OfferboxWebTests",
            dependencies: [
                "OfferboxWeb", "OfferboxService", "OfferStore", "OfferCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "OfferboxCLITests", dependencies: ["OfferboxCLI", "OfferboxService", "OfferStore", "MIME"], swiftSettings: swiftSettings),
    ]
)
