import Classification
import Foundation
import RuleLanguage

/// The Bayes model in an SQLite file: per-intent totals, one row per feature
/// with its nine counts packed in a blob, the tuned combination weights, and
/// the content hashes of learned messages (so learning twice counts once).
public final class SQLiteTokenStore: TokenStore, @unchecked Sendable {
    private let db: Database
    public var path: String { db.path }

    public init(path: String) throws {
        db = try Database(path: path)
        try migrate()
    }

    private func migrate() throws {
        var version: Int64 = 0
        try db.prepare("PRAGMA user_version").query { version = $0.int(0) }
        if version < 1 {
            try db.transaction {
                try db.execute("""
                    CREATE TABLE IF NOT EXISTS bayes_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS bayes_classes (intent TEXT PRIMARY KEY, documents INTEGER NOT NULL, total INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS bayes_features (feature TEXT PRIMARY KEY, counts BLOB NOT NULL);
                    CREATE TABLE IF NOT EXISTS bayes_learned (content_hash TEXT PRIMARY KEY, intent TEXT NOT NULL,
                                                              learned_at TEXT NOT NULL DEFAULT (datetime('now')));
                    PRAGMA user_version = 1;
                    """)
            }
        }
    }

    public func load() throws -> (model: BayesModel, weights: CombinationWeights?) {
        var (model, weights) = try loadClassesAndSettings()
        try db.prepare("SELECT feature, counts FROM bayes_features").query { row in
            model.counts[row.text(0)] = Self.unpack(row.blob(1))
        }
        return (model, weights)
    }

    /// Everything but the feature table: class counts, smoothing, variant, combination weights.
    private func loadClassesAndSettings() throws -> (model: BayesModel, weights: CombinationWeights?) {
        var model = BayesModel()
        try db.prepare("SELECT intent, documents, total FROM bayes_classes").query { row in
            guard let intent = Intent(rawValue: row.text(0)) else { return }
            model.documents[intent] = Int(row.int(1))
            model.totals[intent] = Int(row.int(2))
        }
        var weights: CombinationWeights? = nil
        try db.prepare("SELECT key, value FROM bayes_meta").query { row in
            switch row.text(0) {
            case "alpha": model.alpha = Double(row.text(1)) ?? model.alpha
            case "variant": model.complement = row.text(1) == "complement"
            case "weights": weights = try? JSONDecoder().decode(CombinationWeights.self, from: Data(row.text(1).utf8))
            default: break
            }
        }
        return (model, weights)
    }

    /// The model without its feature table: counts are read from the file as the
    /// classifier asks for them. For one message (`deliver`) this is far cheaper than
    /// loading tens of thousands of features. Not for use from several threads.
    public func loadLazily() throws -> (model: BayesModel, weights: CombinationWeights?) {
        var (model, weights) = try loadClassesAndSettings()
        var vocabulary = 0
        try db.prepare("SELECT count(*) FROM bayes_features").query { vocabulary = Int($0.int(0)) }
        model.storedVocabularySize = vocabulary
        let statement = try db.prepare("SELECT counts FROM bayes_features WHERE feature = ?")
        model.lookup = { [self] feature in
            _ = self  // keeps the connection open as long as the model lives
            var row: [Int32]? = nil
            try? statement.query([.text(feature)]) { row = Self.unpack($0.blob(0)) }
            return row
        }
        return (model, weights)
    }

    public func replace(with model: BayesModel, weights: CombinationWeights) throws {
        try db.transaction {
            try db.execute("DELETE FROM bayes_classes; DELETE FROM bayes_features; DELETE FROM bayes_learned; DELETE FROM bayes_meta;")
            let cls = try db.prepare("INSERT INTO bayes_classes (intent, documents, total) VALUES (?, ?, ?)")
            for intent in Intent.allCases {
                try cls.run([.text(intent.rawValue), .int(Int64(model.documents[intent] ?? 0)), .int(Int64(model.totals[intent] ?? 0))])
            }
            let feat = try db.prepare("INSERT INTO bayes_features (feature, counts) VALUES (?, ?)")
            for (feature, row) in model.counts { try feat.run([.text(feature), .blob(Self.pack(row))]) }
            let meta = try db.prepare("INSERT INTO bayes_meta (key, value) VALUES (?, ?)")
            try meta.run([.text("alpha"), .text(String(model.alpha))])
            try meta.run([.text("variant"), .text(model.complement ? "complement" : "multinomial")])
            let json = String(decoding: try JSONEncoder().encode(weights), as: UTF8.self)
            try meta.run([.text("weights"), .text(json)])
        }
    }

    public func learn(_ features: Set<String>, as intent: Intent, contentHash: String) throws -> Bool {
        try db.transaction {
            let seen = try db.prepare("INSERT OR IGNORE INTO bayes_learned (content_hash, intent) VALUES (?, ?)")
            try seen.run([.text(contentHash), .text(intent.rawValue)])
            guard seen.changes == 1 else { return false }
            let k = Intent.allCases.firstIndex(of: intent)!
            try db.prepare("""
                INSERT INTO bayes_classes (intent, documents, total) VALUES (?, 1, ?)
                ON CONFLICT(intent) DO UPDATE SET documents = documents + 1, total = total + excluded.total
                """).run([.text(intent.rawValue), .int(Int64(features.count))])
            let get = try db.prepare("SELECT counts FROM bayes_features WHERE feature = ?")
            let put = try db.prepare("INSERT OR REPLACE INTO bayes_features (feature, counts) VALUES (?, ?)")
            for f in features {
                var row = [Int32](repeating: 0, count: Intent.allCases.count)
                try get.query([.text(f)]) { row = Self.unpack($0.blob(0)) }
                row[k] += 1
                try put.run([.text(f), .blob(Self.pack(row))])
            }
            return true
        }
    }

    static func pack(_ row: [Int32]) -> [UInt8] {
        row.flatMap { v -> [UInt8] in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    }

    static func unpack(_ bytes: [UInt8]) -> [Int32] {
        var row = [Int32](repeating: 0, count: Intent.allCases.count)
        for k in row.indices where (k + 1) * 4 <= bytes.count {
            row[k] = Int32(littleEndian: bytes[(k * 4)..<(k * 4 + 4)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
        }
        return row
    }
}
