import Foundation
import Testing
import Classification
import MailModel
import Pipeline
import RuleLanguage

/// The compiled-rules cache gives the same engine, and never a stale or broken one.
@Suite(.serialized) struct RuleCacheTests {
    final class Dir {
        let path = NSTemporaryDirectory() + "bt-cache-" + UUID().uuidString
        init(_ rules: String) {
            try? FileManager.default.createDirectory(atPath: path + "/intents", withIntermediateDirectories: true)
            write(rules)
            setenv("BILLTRIAGE_CACHE_DIR", path + "/cache", 1)
        }
        func write(_ rules: String) {
            try? Data(rules.utf8).write(to: URL(fileURLWithPath: path + "/intents/10_test.rules"))
        }
        deinit {
            unsetenv("BILLTRIAGE_CACHE_DIR")
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private func scores(_ e: RuleEngine, _ text: String) -> [Intent: Double] {
        e.evaluate(RuleInput(message: Message(views: TextViews(newText: text)), facts: .init(), language: "en")).scores
    }

    @Test func cachedEngineBehavesLikeTheFreshOneAndFollowsEdits() throws {
        let d = Dir("rule a\n  when new_text has \"refund\" | \"Rückerstattung\"\n  when new_text matches /twice/\n  score refund +3\n")
        let fresh = try RuleCache.engine(rulesDirectory: d.path)
        #expect(FileManager.default.fileExists(atPath: RuleCache.path(d.path)))
        let cached = try RuleCache.engine(rulesDirectory: d.path)
        for text in ["refund me twice", "Ruckerstattung, twice", "refund", "nothing"] {
            #expect(scores(cached, text) == scores(fresh, text))
        }
        Thread.sleep(forTimeInterval: 0.01)
        d.write("rule a\n  when new_text has \"money back\"\n  score dispute +1\n")
        #expect(scores(try RuleCache.engine(rulesDirectory: d.path), "money back") == [.dispute: 1])
    }

    /// The cache file as a new process reads it, and where its engine starts (after the
    /// 4-byte little-endian length of the fingerprint header).
    private func cacheFile(_ d: Dir) throws -> (bytes: [UInt8], start: Int) {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: RuleCache.path(d.path))))
        let header = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        return (bytes, 4 + header)
    }

    @Test func aCachedEngineStillHasTheRulesAsWritten() throws {
        let d = Dir("rule a\n  when new_text has \"refund\"\n  unless new_text matches /no (thanks|need)/\n  score refund +1\n"
                    + "rule b\n  when all(a)\n  tag money\n")
        let fresh = try RuleCache.engine(rulesDirectory: d.path)
        // A new process would read the file: decode it as such.
        let (bytes, start) = try cacheFile(d)
        let cached = try #require(RuleEngine(encoded: bytes, from: start))
        #expect(cached.rules.map(\.name) == ["a", "b"])
        #expect(cached.rules.map(\.conditions) == fresh.rules.map(\.conditions))
        #expect(cached.rules.map(\.effects) == fresh.rules.map(\.effects))
        #expect(cached.encoded() == fresh.encoded())
    }

    @Test func aRuleThatDoesNotDecodeWhenFirstReachedMakesTheEngineRecompileNotSkipIt() throws {
        let d = Dir("rule first_rule\n  when new_text has \"refund\"\n  score refund +1\n"
                    + "rule lazily_broken\n  when new_text has \"twice\"\n  score dispute +2\n")
        let fresh = try RuleCache.engine(rulesDirectory: d.path)
        let file = try cacheFile(d)
        var bytes = file.bytes
        // The compiled rules come before the rules as written: the first occurrence of the name is
        // the compiled rule's, after its length. A length past the rule's end: it cannot decode.
        let name = Array("lazily_broken".utf8)
        let at = try #require((0...(bytes.count - name.count)).first { bytes[$0..<($0 + name.count)].elementsEqual(name) })
        for k in (at - 4)..<at { bytes[k] = 0xFF }
        let cached = try #require(RuleEngine(encoded: bytes, from: file.start))
        for text in ["refund", "charged twice", "refund, twice", "nothing"] {
            #expect(scores(cached, text) == scores(fresh, text))
        }
        #expect(cached.ungatedRuleNames == fresh.ungatedRuleNames)
    }

    @Test func aCorruptCacheIsRebuiltAndABrokenRuleFileStillFails() throws {
        let d = Dir("rule a\n  when new_text has \"refund\"\n  score refund +1\n")
        _ = try RuleCache.engine(rulesDirectory: d.path)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: RuleCache.path(d.path)))
        #expect(scores(try RuleCache.engine(rulesDirectory: d.path), "refund") == [.refund: 1])
        d.write("rule a\n  when new_text has \"refund\n")
        #expect(throws: RuleEngine.CompileError.self) { try RuleCache.engine(rulesDirectory: d.path) }
    }
}
