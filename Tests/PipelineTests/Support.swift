import Foundation
import Pipeline

enum Support {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = repositoryRoot.appendingPathComponent("Rules").path
    static let corpora: URL = {
        if let env = ProcessInfo.processInfo.environment["BILLTRIAGE_CORPORA"] { return URL(fileURLWithPath: env) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
    }()
    static var corporaAvailable: Bool { FileManager.default.fileExists(atPath: corpora.appendingPathComponent("mime").path) }

    /// The shipped rules and patterns with no model: what rules alone decide.
    static let rulesOnly: TriagePipeline = {
        // try! is deliberate: the shipped rules must load for any of these tests to mean something.
        try! TriagePipeline.load(rulesDirectory: rules, modelPath: "/nonexistent/model.sqlite")
    }()
}
