import Classification
import Foundation
import TicketStore

/// Where the Bayes model file is: `--model`, then `$BILLTRIAGE_MODEL`, then
/// `billtriage-model.sqlite` next to the Rules directory.
public enum ModelLocation {
    public static func resolve(_ explicit: String?, rulesDirectory: String) -> String {
        if let explicit { return explicit }
        if let env = Environment.value("BILLTRIAGE_MODEL") { return env }
        return defaultPath(rulesDirectory: rulesDirectory)
    }

    /// Neither `--model` (nor the configuration's `model.path`) nor `$BILLTRIAGE_MODEL` names a file.
    public static func isDefault(_ explicit: String?) -> Bool {
        explicit == nil && Environment.value("BILLTRIAGE_MODEL") == nil
    }

    static func defaultPath(rulesDirectory: String) -> String {
        URL(fileURLWithPath: rulesDirectory).deletingLastPathComponent().appendingPathComponent("billtriage-model.sqlite").path
    }

    /// The stored model, or an empty one (rules alone decide) when there is no file yet.
    /// `lazily`: features are read on demand (one message, one thread: `deliver`).
    public static func loadModel(at path: String, lazily: Bool = false) throws -> (BayesModel, CombinationWeights?) {
        guard FileManager.default.fileExists(atPath: path) else { return (BayesModel(), nil) }
        let store = try SQLiteTokenStore(path: path)
        return lazily ? try store.loadLazily() : try store.load()
    }

    /// A fresh checkout has no model file, and without one the rules decide alone. So the first
    /// command that classifies with the *default* model (`isDefault`) trains it, exactly as
    /// `billtriage train` would, from the `Corpus` folder next to the Rules directory, when there
    /// is one. Concurrent processes wait on `<model>.lock` and the file appears whole (written
    /// aside, then renamed), so a reader never sees half a model. Returns a line for the log, or
    /// nil when there was nothing to do; a failure (a read-only folder, a broken corpus) is
    /// reported in that line and leaves the rules deciding alone.
    public static func trainIfMissing(rulesDirectory: String, languages: Set<String>? = nil) -> String? {
        let path = defaultPath(rulesDirectory: rulesDirectory)
        let corpus = Corpus.directory(besideRules: rulesDirectory)
        guard !FileManager.default.fileExists(atPath: path),
              FileManager.default.fileExists(atPath: corpus + "/labels") else { return nil }
        let lock = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lock >= 0 else { return "no model yet, and \(path).lock cannot be created: rules alone decide" }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { return "no model yet, and \(path).lock cannot be taken: rules alone decide" }
        defer { flock(lock, LOCK_UN) }
        if FileManager.default.fileExists(atPath: path) { return nil }  // another process trained it meanwhile
        let aside = path + ".training-\(getpid())"
        do {
            defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(aside + suffix) } }
            let c = try Corpus(directory: corpus)
            let pipeline = try TriagePipeline.load(rulesDirectory: rulesDirectory, modelPath: aside + ".none", languages: languages)
            let report = try {
                let store = try SQLiteTokenStore(path: aside)
                return try Trainer(pipeline: pipeline).train(c.train, store: store)
            }()  // the store is closed here, its WAL checkpointed into the file
            guard rename(aside, path) == 0 else {
                return "no model yet, and it cannot be written to \(path) (\(String(cString: strerror(errno)))): rules alone decide"
            }
            return "no model yet: trained \(path) from \(corpus) (\(report.messages) messages, "
                + String(format: "%.1f s", report.seconds) + "); `billtriage train` rebuilds it"
        } catch {
            return "no model yet, and training it from \(corpus) failed (\(error)): rules alone decide"
        }
    }
}
