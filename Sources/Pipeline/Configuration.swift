import Acknowledgement
import Classification
import Foundation
import MailModel
import TextMatching

/// Every setting, with the defaults documented in Rules/billtriage.toml.
public struct Configuration: Sendable {
    public var databasePath = "billtriage.sqlite"
    public var busyTimeoutMilliseconds: Int32 = 5000
    public var modelPath = ""
    public var reviewThreshold = 0.5
    public var secondaryThreshold = 0.2
    public var languages: Set<String>? = nil
    public var limits = ParseLimits.default
    public var businessHours = BusinessHours()
    public var sla: [String: String] = ["urgent": "4h", "high": "1d", "normal": "2d", "low": "3d"]
    public var chunkSize = 500
    public var jobs = 0
    public var acknowledgement = AckSettings()
    /// The file it came from, nil for the defaults.
    public var source: String?

    public init() {}

    public struct BusinessHours: Sendable {
        public var timezone = "UTC"
        public var start = "09:00"
        public var end = "17:00"
        public var days = ["mon", "tue", "wed", "thu", "fri"]
        public var holidays: [String] = []
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// `--config`, `$BILLTRIAGE_CONFIG`, `./billtriage.toml`, then `<rules>/billtriage.toml`; defaults if none exists.
    public static func load(explicit: String?, rulesDirectory: String) throws -> Configuration {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let env = Environment.value("BILLTRIAGE_CONFIG") { candidates.append(env) }
        candidates += [FileManager.default.currentDirectoryPath + "/billtriage.toml", rulesDirectory + "/billtriage.toml"]
        for (k, path) in candidates.enumerated() {
            guard let data = FileManager.default.contents(atPath: path) else {
                if k == 0, explicit != nil { throw Invalid(description: "\(path): cannot read the configuration") }
                continue
            }
            return try parse(String(decoding: data, as: UTF8.self), path: path)
        }
        return Configuration()
    }

    public static func parse(_ text: String, path: String) throws -> Configuration {
        let file = try ConfigFile(path: path, contents: text)
        var c = Configuration()
        c.source = path
        func fail(_ key: String, _ what: String) -> Invalid {
            Invalid(description: "\(path):\(file.lines[key] ?? 0):1: '\(key)' must be \(what)")
        }
        func string(_ key: String) throws -> String? {
            guard let v = file[key] else { return nil }
            guard let s = v.string else { throw fail(key, "a quoted string") }
            return s
        }
        func number(_ key: String) throws -> Double? {
            guard let v = file[key] else { return nil }
            guard let n = v.number else { throw fail(key, "a number") }
            return n
        }
        func strings(_ key: String) throws -> [String]? {
            guard let v = file[key] else { return nil }
            guard let a = v.strings else { throw fail(key, "a list of quoted strings") }
            return a
        }
        let known = Set<String>([
            "database.path", "database.busy_timeout_ms", "model.path", "classification.review_threshold",
            "classification.secondary_threshold", "classification.languages", "limits.max_message_bytes",
            "limits.max_depth", "limits.max_parts", "limits.max_text_bytes", "business_hours.timezone",
            "business_hours.start", "business_hours.end", "business_hours.days", "business_hours.holidays",
            "sla.urgent", "sla.high", "sla.normal", "sla.low", "batch.chunk_size", "batch.jobs",
        ] + AckSettings.keys.map { "acknowledgement." + $0 })
        for key in file.values.keys where !known.contains(key) {
            throw Invalid(description: "\(path):\(file.lines[key] ?? 0):1: unknown setting '\(key)'")
        }
        if let v = try string("database.path") { c.databasePath = v }
        if let v = try number("database.busy_timeout_ms") { c.busyTimeoutMilliseconds = Int32(v) }
        if let v = try string("model.path") { c.modelPath = v }
        if let v = try number("classification.review_threshold") { c.reviewThreshold = v }
        if let v = try number("classification.secondary_threshold") { c.secondaryThreshold = v }
        if let v = try strings("classification.languages"), !v.isEmpty { c.languages = Set(v) }
        if let v = try number("limits.max_message_bytes") { c.limits.maxMessageBytes = Int(v) }
        if let v = try number("limits.max_depth") { c.limits.maxDepth = Int(v) }
        if let v = try number("limits.max_parts") { c.limits.maxParts = Int(v) }
        if let v = try number("limits.max_text_bytes") { c.limits.maxTextBytes = Int(v) }
        if let v = try string("business_hours.timezone") {
            guard TimeZone(identifier: v) != nil else { throw fail("business_hours.timezone", "a time zone such as Europe/Madrid") }
            c.businessHours.timezone = v
        }
        for key in ["start", "end"] {
            if let v = try string("business_hours." + key) {
                guard BusinessCalendar.minutes(v) != nil else { throw fail("business_hours." + key, "a time like \"09:00\"") }
                if key == "start" { c.businessHours.start = v } else { c.businessHours.end = v }
            }
        }
        if let v = try strings("business_hours.days") { c.businessHours.days = v }
        if let v = try strings("business_hours.holidays") { c.businessHours.holidays = v }
        for p in ["urgent", "high", "normal", "low"] {
            if let v = try string("sla." + p) {
                guard BusinessCalendar.duration(v) != nil else { throw fail("sla." + p, "like \"4h\" or \"2d\"") }
                c.sla[p] = v
            }
        }
        if let v = try number("batch.chunk_size") { c.chunkSize = max(1, Int(v)) }
        if let v = try number("batch.jobs") { c.jobs = max(0, Int(v)) }
        try parseAcknowledgement(&c.acknowledgement, string: string, number: number, strings: strings,
                                 bool: { key in
                                     guard let v = file[key] else { return nil }
                                     guard let b = v.bool else { throw fail(key, "true or false") }
                                     return b
                                 }, fail: fail)
        return c
    }
}

extension Configuration {
    /// The `[acknowledgement]` section.
    static func parseAcknowledgement(_ a: inout AckSettings, string: (String) throws -> String?, number: (String) throws -> Double?,
                                     strings: (String) throws -> [String]?, bool: (String) throws -> Bool?,
                                     fail: (String, String) -> Invalid) throws {
        let k = "acknowledgement."
        if let v = try bool(k + "enabled") { a.enabled = v }
        if let v = try string(k + "from") {
            guard HeaderSanitizer.address(v) != nil else { throw fail(k + "from", "an address like billing@example.com") }
            a.from = v
        }
        if let v = try string(k + "desk") { a.desk = v }
        if let v = try strings(k + "own_addresses") { a.ownAddresses = v }
        if let v = try strings(k + "own_domains") { a.ownDomains = v }
        if let v = try strings(k + "system_senders") { a.systemSenders = v }
        if let v = try strings(k + "noreply_senders") { a.noreplySenders = v }
        if let v = try strings(k + "list_senders") { a.listSenders = v }
        if let v = try number(k + "rate_limit") { a.rateLimit = max(0, Int(v)) }
        if let v = try number(k + "rate_window_hours") { a.rateWindowHours = max(1, Int(v)) }
        if let v = try number(k + "per_ticket") { a.perTicket = max(0, Int(v)) }
        if let v = try bool(k + "on_follow_up") { a.onFollowUp = v }
        if let v = try string(k + "outbox") { a.outbox = v }
        if let v = try string(k + "mailer") {
            guard v.hasPrefix("sendmail:") || v.hasPrefix("smtp://") || v.hasPrefix("prog:") else {
                throw fail(k + "mailer", "a mailer URL: sendmail:, sendmail:///usr/sbin/sendmail or smtp://host:port")
            }
            a.mailer = v
        }
        if let v = try number(k + "max_attempts") { a.maxAttempts = max(1, Int(v)) }
    }
}
