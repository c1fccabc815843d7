import Classification
import Foundation
import RuleLanguage

/// The Bayes model in an SQLite file: per-intent totals, one row per feature
/// with its nine counts packed in a blob (little-endian doubles: with length
/// normalization a message adds 1/√n, not 1; files from before hold 32-bit
/// integers and are read as they are), the tuned combination weights, and
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

    /// The model ready to score many messages: every feature read once into the table scoring uses
    /// (by the hash of its name), none kept by name; a feature asked for by name (`explain`) is read
    /// from the file then, as `loadLazily` does.
    public func load() throws -> (model: BayesModel, weights: CombinationWeights?) {
        var (model, weights) = try loadClassesAndSettings()
        var expected = 0
        try db.prepare("SELECT count(*) FROM bayes_features").query { expected = Int($0.int(0)) }
        var row = [Double](repeating: 0, count: Intent.allCases.count)
        try model.precompute(features: expected) { add in
            try db.prepare("SELECT feature, counts FROM bayes_features").query { r in
                let hash = r.withTextBytes(0) { BayesTokenizer.hash(utf8: $0) }
                r.withBlobBytes(1) { Self.unpack($0, into: &row) }
                row.withUnsafeBufferPointer { add(hash, $0) }
            }
        }
        model.lookup = try featuresByName()
        return (model, weights)
    }

    /// Everything but the feature table: class counts, smoothing, variant, combination weights.
    private func loadClassesAndSettings() throws -> (model: BayesModel, weights: CombinationWeights?) {
        var model = BayesModel()
        try db.prepare("SELECT intent, documents, total FROM bayes_classes").query { row in
            guard let intent = Intent(rawValue: row.text(0)) else { return }
            model.documents[intent] = Int(row.int(1))
            model.totals[intent] = row.double(2)
        }
        var weights: CombinationWeights? = nil
        try db.prepare("SELECT key, value FROM bayes_meta").query { row in
            switch row.text(0) {
            case "alpha": model.alpha = Double(row.text(1)) ?? model.alpha
            case "variant": model.complement = row.text(1) == "complement"
            case "weighting": model.normalizesLength = row.text(1) == Self.lengthNormalized
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
        // The number of features is kept in bayes_meta by `replace` and `learn`: counting the
        // table's rows reads all of it (3.5 ms of every deliver at 200,000 features). Files
        // written before that setting existed are counted.
        var vocabulary: Int? = nil
        try db.prepare("SELECT value FROM bayes_meta WHERE key = 'features'").query { vocabulary = Int($0.text(0)) }
        if vocabulary == nil {
            try db.prepare("SELECT count(*) FROM bayes_features").query { vocabulary = Int($0.int(0)) }
        }
        model.storedVocabularySize = vocabulary ?? 0
        model.lookup = try featuresByName()
        return (model, weights)
    }

    /// A feature's counts read from the file by name, one caller at a time.
    private func featuresByName() throws -> @Sendable (String) -> [Double]? {
        let statement = try db.prepare("SELECT counts FROM bayes_features WHERE feature = ?")
        let lock = NSLock()
        return { [self] feature in
            _ = self  // keeps the connection open as long as the model lives
            lock.lock()
            defer { lock.unlock() }
            var row: [Double]? = nil
            try? statement.query([.text(feature)]) { row = Self.unpack($0.blob(0)) }
            return row
        }
    }

    public func replace(with model: BayesModel, weights: CombinationWeights) throws {
        try db.transaction {
            try db.execute("DELETE FROM bayes_classes; DELETE FROM bayes_features; DELETE FROM bayes_learned; DELETE FROM bayes_meta;")
            let cls = try db.prepare("INSERT INTO bayes_classes (intent, documents, total) VALUES (?, ?, ?)")
            for intent in Intent.allCases {
                try cls.run([.text(intent.rawValue), .int(Int64(model.documents[intent] ?? 0)), .double(model.totals[intent] ?? 0)])
            }
            let feat = try db.prepare("INSERT INTO bayes_features (feature, counts) VALUES (?, ?)")
            for (feature, row) in model.counts { try feat.run([.text(feature), .blob(Self.pack(row))]) }
            let meta = try db.prepare("INSERT INTO bayes_meta (key, value) VALUES (?, ?)")
            try meta.run([.text("alpha"), .text(String(model.alpha))])
            try meta.run([.text("variant"), .text(model.complement ? "complement" : "multinomial")])
            try meta.run([.text("features"), .text(String(model.counts.count))])
            if model.normalizesLength { try meta.run([.text("weighting"), .text(Self.lengthNormalized)]) }
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
            // The message weighs what a training message of the stored model weighs.
            var model = BayesModel()
            try db.prepare("SELECT value FROM bayes_meta WHERE key = 'weighting'").query {
                model.normalizesLength = $0.text(0) == Self.lengthNormalized
            }
            let w = model.featureWeight(features.count)
            try db.prepare("""
                INSERT INTO bayes_classes (intent, documents, total) VALUES (?, 1, ?)
                ON CONFLICT(intent) DO UPDATE SET documents = documents + 1, total = total + excluded.total
                """).run([.text(intent.rawValue), .double(Double(features.count) * w)])
            let get = try db.prepare("SELECT counts FROM bayes_features WHERE feature = ?")
            let put = try db.prepare("INSERT OR REPLACE INTO bayes_features (feature, counts) VALUES (?, ?)")
            var added = 0
            for f in features {
                var row: [Double]? = nil
                try get.query([.text(f)]) { row = Self.unpack($0.blob(0)) }
                if row == nil { added += 1 }
                var counts = row ?? [Double](repeating: 0, count: Intent.allCases.count)
                counts[k] += w
                try put.run([.text(f), .blob(Self.pack(counts))])
            }
            if added > 0 {
                try db.prepare("UPDATE bayes_meta SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE key = 'features'")
                    .run([.int(Int64(added))])
            }
            return true
        }
    }

    /// The `weighting` setting of a length-normalized model.
    static let lengthNormalized = "length-normalized"

    static func pack(_ row: [Double]) -> [UInt8] {
        row.flatMap { v -> [UInt8] in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    /// Nine doubles, or nine 32-bit integers in a file written before counts could be fractional.
    static func unpack(_ bytes: [UInt8]) -> [Double] {
        var row = [Double](repeating: 0, count: Intent.allCases.count)
        bytes.withUnsafeBytes { unpack($0, into: &row) }
        return row
    }

    /// The same into `row` (one entry per intent; those the bytes do not reach are set to 0).
    static func unpack(_ raw: UnsafeRawBufferPointer, into row: inout [Double]) {
        let width = raw.count >= row.count * 8 ? 8 : 4
        row.withUnsafeMutableBufferPointer { row in
            for k in row.indices {
                row[k] = (k + 1) * width > raw.count ? 0 : width == 8
                    ? Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)))
                    : Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: k * 4, as: Int32.self)))
            }
        }
    }
}
