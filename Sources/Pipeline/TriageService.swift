import Acknowledgement
import Classification
import Foundation
import MailParsing
import TicketStore

/// What `deliver` and `batch` share: the loaded pipeline, the ticket policy
/// and the database. Loading failures are configuration errors (exit 78);
/// database failures are transient (exit 75) unless said otherwise.
public struct TriageService: Sendable {
    public let configuration: Configuration
    public let pipeline: TriagePipeline
    public let writer: TicketWriter
    public let rulesDirectory: String

    public struct ConfigurationError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `forOneMessage`: `deliver` reads the model lazily instead of loading it whole.
    /// `forOneMessage` (deliver) also defers reading the acknowledgement templates until the
    /// message's language is known.
    /// `notice` receives a line for the log when the default model was missing and was trained now
    /// (`ModelLocation.trainIfMissing`).
    public static func load(rulesDirectory: String, configPath: String?, modelPath: String?,
                            forOneMessage: Bool = false, notice: (String) -> Void = { _ in }) throws(ConfigurationError) -> TriageService {
        do {
            let config = try Configuration.load(explicit: configPath, rulesDirectory: rulesDirectory)
            if ModelLocation.isDefault(modelPath ?? (config.modelPath.isEmpty ? nil : config.modelPath)),
               let line = ModelLocation.trainIfMissing(rulesDirectory: rulesDirectory, languages: config.languages) {
                notice(line)
            }
            let model = modelPath ?? (config.modelPath.isEmpty ? ModelLocation.resolve(nil, rulesDirectory: rulesDirectory) : config.modelPath)
            var pipeline = try TriagePipeline.load(rulesDirectory: rulesDirectory, modelPath: model,
                                                   languages: config.languages, limits: config.limits, lazyModel: forOneMessage)
            pipeline = pipeline.with(reviewThreshold: config.reviewThreshold, secondaryThreshold: config.secondaryThreshold)
            let policy = try PriorityPolicy(file: rulesDirectory + "/priority.rules")
            let b = config.businessHours
            let calendar = BusinessCalendar(timeZone: b.timezone, start: b.start, end: b.end, days: b.days, holidays: b.holidays)
            // deliver reads the one language it needs (and English) once it knows it; batch reads them all up front.
            let templates = try TemplateLibrary(directory: rulesDirectory + "/templates", only: forOneMessage ? [] : nil)
            let acknowledger = Acknowledger(settings: config.acknowledgement, templates: templates,
                                            timeZone: TimeZone(identifier: b.timezone) ?? .gmt)
            return TriageService(configuration: config, pipeline: pipeline,
                                 writer: TicketWriter(policy: policy, calendar: calendar, sla: config.sla, acknowledger: acknowledger),
                                 rulesDirectory: rulesDirectory)
        } catch {
            throw ConfigurationError(description: "\(error)")
        }
    }

    /// `--db`, then `$BILLTRIAGE_DB`, then the configuration.
    public func databasePath(_ explicit: String?) -> String {
        explicit ?? ProcessInfo.processInfo.environment["BILLTRIAGE_DB"] ?? configuration.databasePath
    }

    public func openDatabase(_ explicit: String?) throws -> TicketDatabase {
        try TicketDatabase(path: databasePath(explicit), busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds)
    }

    /// One message → ticket (and its acknowledgement decision), in its own transaction.
    /// A broken template of the message's language is a `ConfigurationError`, thrown before
    /// anything is written (deliver exits 78 and the MTA keeps the message).
    public func deliver(_ raw: RawMessage, database: TicketDatabase, now: Date = Date(),
                        envelopeSender: String? = nil) throws -> (TriageResult, TicketWriter.Recorded) {
        let result = pipeline.run(raw)
        var writer = self.writer
        if let acknowledger = writer.acknowledger, acknowledger.templates.languages.isEmpty {
            // Only the files this message's acknowledgement can use: locale, generic and intent text.
            let language = result.analysis.language.code
            do {
                let templates = try TemplateLibrary(directory: acknowledger.templates.directory, language: language,
                                                    intent: result.decision.intent)
                writer = writer.with(acknowledger: acknowledger.with(templates: templates))
            } catch {
                throw ConfigurationError(description: "\(error)")
            }
        }
        let recorded = try database.write {
            try writer.record(result, raw: raw, in: $0, now: now, envelopeSender: envelopeSender, claimAcknowledgement: true)
        }
        return (result, recorded)
    }
}

extension TriagePipeline {
    /// The same pipeline with the configured thresholds.
    public func with(reviewThreshold: Double, secondaryThreshold: Double) -> TriagePipeline {
        var w = classifier.weights
        w.reviewThreshold = reviewThreshold
        w.secondaryThreshold = secondaryThreshold
        return TriagePipeline(parser: parser, analyzer: analyzer,
                              classifier: IntentClassifier(engine: classifier.engine, model: classifier.model, weights: w))
    }
}
