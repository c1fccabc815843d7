import Classification
import Foundation
import TicketStore

/// Where the Bayes model file is: `--model`, then `$BILLTRIAGE_MODEL`, then
/// `billtriage-model.sqlite` next to the Rules directory.
public enum ModelLocation {
    public static func resolve(_ explicit: String?, rulesDirectory: String) -> String {
        if let explicit { return explicit }
        if let env = Environment.value("BILLTRIAGE_MODEL") { return env }
        return URL(fileURLWithPath: rulesDirectory).deletingLastPathComponent().appendingPathComponent("billtriage-model.sqlite").path
    }

    /// The stored model, or an empty one (rules alone decide) when there is no file yet.
    /// `lazily`: features are read on demand (one message, one thread: `deliver`).
    public static func loadModel(at path: String, lazily: Bool = false) throws -> (BayesModel, CombinationWeights?) {
        guard FileManager.default.fileExists(atPath: path) else { return (BayesModel(), nil) }
        let store = try SQLiteTokenStore(path: path)
        return lazily ? try store.loadLazily() : try store.load()
    }
}
