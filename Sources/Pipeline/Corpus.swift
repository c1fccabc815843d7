import Foundation
import RuleLanguage

/// The labelled training corpus: `Corpus/<intent>/*.eml`, labels in
/// `Corpus/labels/*.jsonl`, and a fixed train/test split by Message-ID hash.
public struct Corpus: Sendable {
    public struct Label: Sendable, Decodable {
        public struct Amount: Sendable, Decodable, Hashable {
            public var value: String
            public var currency: String
        }
        public var file: String
        public var intent: String
        public var secondary: [String]?
        public var automated: String?
        public var language: String?
        public var invoices: [String]?
        public var amounts: [Amount]?
    }

    public struct Entry: Sendable {
        public var path: String
        public var label: Label
        public var bytes: [UInt8]
        public var messageID: String
        /// In the test split (about 20%), never trained on.
        public var isTest: Bool
        /// From a label file listed in `labels/unseen-by-rule-authors.txt`: nobody has tuned rules
        /// on it yet, so it shows how the rules do on new wording (train tunes the combination on it).
        public var unseenByRules: Bool = false
    }

    public let directory: String
    public let entries: [Entry]

    public var train: [Entry] { entries.filter { !$0.isTest } }
    public var test: [Entry] { entries.filter(\.isTest) }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The corpus of a checkout: `Corpus` next to the Rules directory.
    public static func directory(besideRules rulesDirectory: String) -> String {
        URL(fileURLWithPath: rulesDirectory).deletingLastPathComponent().appendingPathComponent("Corpus").path
    }

    /// Reads every label file of `directory/labels` and its messages.
    public init(directory: String) throws {
        let labelDir = directory + "/labels"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: labelDir) else {
            throw LoadError(description: "\(labelDir): no label files (expected labels/*.jsonl)")
        }
        try self.init(directory: directory, labelFiles: names.sorted().filter { $0.hasSuffix(".jsonl") }.map { labelDir + "/" + $0 })
    }

    /// Reads the given label files; their `file` paths are relative to `directory`.
    /// A label naming a missing file or an unknown intent is an error.
    public init(directory: String, labelFiles: [String]) throws {
        self.directory = directory
        var entries: [Entry] = []
        let unseen = Self.unseenByRuleAuthors(directory)
        for labelPath in labelFiles {
            let tag = ((labelPath as NSString).lastPathComponent as NSString).deletingPathExtension
            guard let data = FileManager.default.contents(atPath: labelPath) else {
                throw LoadError(description: "\(labelPath): cannot read")
            }
            let text = String(decoding: data, as: UTF8.self)
            for (n, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let label: Label
                do { label = try JSONDecoder().decode(Label.self, from: Data(line.utf8)) } catch {
                    throw LoadError(description: "\(labelPath):\(n + 1): bad label line: \(error)")
                }
                guard Intent(rawValue: label.intent) != nil else {
                    throw LoadError(description: "\(labelPath):\(n + 1): unknown intent '\(label.intent)'")
                }
                let path = directory + "/" + label.file
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw LoadError(description: "\(labelPath):\(n + 1): missing file \(label.file)")
                }
                let bytes = Array(data)
                let id = Self.messageID(bytes) ?? label.file
                entries.append(Entry(path: path, label: label, bytes: bytes, messageID: id, isTest: Self.isTest(id),
                                     unseenByRules: unseen.contains(tag)))
            }
        }
        self.entries = entries
    }

    /// The label files (names without `.jsonl`) whose messages no rule author has looked at,
    /// one per line in `labels/unseen-by-rule-authors.txt` (`#` comments). Remove a name once
    /// rules have been tuned on its messages.
    static func unseenByRuleAuthors(_ directory: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: directory + "/labels/unseen-by-rule-authors.txt") else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let name = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : name
        })
    }

    /// The split: FNV-1a of the Message-ID (the file path when there is none), one in five to test.
    public static func isTest(_ messageID: String) -> Bool {
        var h: UInt64 = 0xcbf29ce484222325
        for b in messageID.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h % 5 == 0
    }

    /// The Message-ID header of raw bytes, without parsing the whole message.
    static func messageID(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(16384), as: UTF8.self)
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || line == "\r" { break }
            if line.lowercased().hasPrefix("message-id:") {
                let v = line.dropFirst("message-id:".count).trimmingCharacters(in: .whitespacesAndNewlines)
                return v.isEmpty ? nil : v
            }
        }
        return nil
    }
}
