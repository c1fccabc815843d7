import Foundation

/// Paths of the repository's test fixtures and of the shared third-party corpora.
enum Fixtures {
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// `../shared/corpora` next to the checkout; absent on machines without it.
    static let corpora: URL = {
        if let env = ProcessInfo.processInfo.environment["BILLTRIAGE_CORPORA"] { return URL(fileURLWithPath: env) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")
    }()

    static var corporaAvailable: Bool {
        FileManager.default.fileExists(atPath: corpora.appendingPathComponent("mime").path)
    }

    static func data(_ name: String) -> Data {
        (try? Data(contentsOf: directory.appendingPathComponent(name))) ?? Data()
    }

    static func bytes(atCorpusPath path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: corpora.appendingPathComponent(path)))
    }

    /// Every regular file under a corpus folder, SOURCE.md files excluded, sorted.
    static func corpusFiles(under folder: String) -> [String] {
        let base = corpora.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var files: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  url.lastPathComponent != "SOURCE.md" else { continue }
            files.append(String(url.path.dropFirst(corpora.path.count + 1)))
        }
        return files.sorted()
    }
}
