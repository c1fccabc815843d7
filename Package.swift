// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "billtriage",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "billtriage", targets: ["billtriage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries (system packages: libmailutils-dev, libsqlite3-dev, libpcre2-dev, libcld2-dev)
        .systemLibrary(name: "CMailutils", path: "Sources/CMailutils"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CPCRE2", path: "Sources/CPCRE2"),
        .systemLibrary(name: "CCompression", path: "Sources/CCompression"),
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),  // a header: __builtin_prefetch
        .target(
            name: "CCLD2",
            path: "Sources/CCLD2",
            linkerSettings: [.linkedLibrary("cld2"), .linkedLibrary("stdc++")]
        ),

        // Value types, no C library
        .target(name: "MailModel"),

        // Regexes (PCRE2 + JIT) and phrase patterns; analysts' small data files
        .target(name: "TextMatching", dependencies: ["CPCRE2", "MailModel"]),

        // The analysts' rule language: parser, layering, lint (no mail stack)
        .target(name: "RuleLanguage", dependencies: ["TextMatching"]),

        // Invoices, amounts, references, card redaction — from Rules/extraction/
        .target(name: "Extraction", dependencies: ["MailModel", "TextMatching"]),

        // Language of the new text: CLD2 with hints and the desk's expected languages
        .target(name: "LanguageTagging", dependencies: ["CCLD2", "MailModel", "TextMatching"]),

        // Rules engine, naive Bayes, the combined intent decision
        .target(name: "Classification", dependencies: ["CPrefetch", "MailModel", "TextMatching", "RuleLanguage", "Extraction"]),

        // bytes → Message through libmailutils; mailbox splitting
        .target(name: "MailParsing", dependencies: ["MailModel", "CMailutils"]),

        // SQLite: tickets (issue 5) and the Bayes token store
        .target(name: "TicketStore", dependencies: ["CSQLite", "CCompression", "Classification", "RuleLanguage", "TextMatching"]),

        // Acknowledgements: templates, loop safety, RFC 5322 composition, outbox and mailer
        .target(name: "Acknowledgement", dependencies: ["MailModel", "TextMatching", "RuleLanguage", "Extraction", "CMailutils"]),

        // Stages wired together: parse runs, (later) triage pipeline, batch, evaluation
        .target(name: "Pipeline", dependencies: ["MailModel", "MailParsing", "Extraction", "LanguageTagging",
                                                 "RuleLanguage", "Classification", "TicketStore", "Acknowledgement"]),

        // Commands and the executable
        .target(
            name: "TriageCommands",
            dependencies: [
                "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "billtriage", dependencies: ["TriageCommands"]),

        // Tests
        .testTarget(name: "MailModelTests", dependencies: ["MailModel"]),
        .testTarget(name: "MailParsingTests", dependencies: ["MailParsing", "MailModel"]),
        .testTarget(name: "TextMatchingTests", dependencies: ["TextMatching", "MailModel"]),
        .testTarget(name: "RuleLanguageTests", dependencies: ["RuleLanguage"]),
        .testTarget(name: "ClassificationTests", dependencies: ["Classification", "RuleLanguage", "Extraction", "MailModel"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "MailModel"]),
        .testTarget(name: "LanguageTaggingTests", dependencies: ["LanguageTagging"]),
        .testTarget(name: "TicketStoreTests", dependencies: ["TicketStore", "Classification", "RuleLanguage"]),
        .testTarget(name: "CBridgeTests", dependencies: ["CSQLite", "CPCRE2", "CCLD2", "CMailutils"]),
        .testTarget(name: "AcknowledgementTests", dependencies: ["Acknowledgement", "MailModel", "MailParsing", "RuleLanguage"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Classification", "RuleLanguage", "MailParsing", "MailModel"]),
        .testTarget(name: "TriageCommandsTests", dependencies: ["TriageCommands", "TicketStore", "Pipeline", "Acknowledgement"]),
    ]
)
