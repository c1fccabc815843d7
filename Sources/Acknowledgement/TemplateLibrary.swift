import Foundation
import RuleLanguage
import TextMatching

/// The acknowledgement texts of `Rules/templates/`: one folder per language
/// with `locale.toml`, `generic.txt` and optional `<intent>.txt` files.
/// Lookup falls back to the language's generic text, then to English.
public struct TemplateLibrary: Sendable {
    public struct Language: Sendable {
        public var locale: TemplateLocale
        public var generic: AckTemplate
        public var byIntent: [Intent: AckTemplate]
    }

    public let directory: String
    public let languages: [String: Language]
    public static let fallbackLanguage = "en"

    /// Loads every language folder, or only `only` (deliver reads the one it needs and English).
    /// Throws the first broken file, with `file:line:col`.
    public init(directory: String, only: Set<String>? = nil) throws(RuleFile.SyntaxError) {
        self.directory = directory
        var languages: [String: Language] = [:]
        for code in Self.languageFolders(directory) where only?.contains(code) ?? true {
            languages[code] = try Self.loadLanguage(directory + "/" + code)
        }
        guard languages[Self.fallbackLanguage] != nil || only != nil else {
            throw RuleFile.SyntaxError(file: directory + "/" + Self.fallbackLanguage, line: 1, column: 1,
                                       message: "the English templates (the last resort) are missing")
        }
        self.languages = languages
    }

    /// Only what one acknowledgement needs (deliver): the locale, the generic text and the
    /// intent's own text of `language`, or of English when that language has no folder.
    public init(directory: String, language: String, intent: Intent) throws(RuleFile.SyntaxError) {
        self.directory = directory
        var languages: [String: Language] = [:]
        for code in [language, Self.fallbackLanguage] where FileManager.default.fileExists(atPath: directory + "/" + code + "/generic.txt") {
            languages[code] = try Self.loadLanguage(directory + "/" + code, intents: [intent])
            break
        }
        self.languages = languages
    }

    /// The template and locale for a ticket, and the language actually used.
    public func template(language: String, intent: Intent) -> (AckTemplate, TemplateLocale, String)? {
        for code in [language, Self.fallbackLanguage] {
            guard let l = languages[code] else { continue }
            return (l.byIntent[intent] ?? l.generic, l.locale, code)
        }
        return nil
    }

    /// Every problem in the folder, for `rules lint` (not only the first).
    public static func lint(directory: String) -> [RuleFile.SyntaxError] {
        var problems: [RuleFile.SyntaxError] = []
        let folders = languageFolders(directory)
        if !folders.contains(fallbackLanguage) {
            problems.append(RuleFile.SyntaxError(file: directory + "/" + fallbackLanguage, line: 1, column: 1,
                                                 message: "the English templates (the last resort) are missing"))
        }
        for code in folders {
            let folder = directory + "/" + code
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? [] {
                let path = folder + "/" + file
                do throws(RuleFile.SyntaxError) {
                    if file == "locale.toml" { _ = try TemplateLocale(path: path, contents: read(path)) }
                    else if file.hasSuffix(".txt") {
                        let name = String(file.dropLast(4))
                        if name != "generic" && Intent(rawValue: name) == nil {
                            throw RuleFile.SyntaxError(file: path, line: 1, column: 1,
                                                       message: "'\(name)' is not an intent; name templates <intent>.txt or generic.txt")
                        }
                        _ = try AckTemplate(path: path, contents: read(path))
                    }
                } catch { problems.append(error) }
            }
            for required in ["locale.toml", "generic.txt"] where !FileManager.default.fileExists(atPath: folder + "/" + required) {
                problems.append(RuleFile.SyntaxError(file: folder + "/" + required, line: 1, column: 1,
                                                     message: "every language needs \(required)"))
            }
        }
        return problems
    }

    static func languageFolders(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    static func loadLanguage(_ folder: String, intents: [Intent] = Intent.allCases) throws(RuleFile.SyntaxError) -> Language {
        let locale = try TemplateLocale(path: folder + "/locale.toml", contents: read(folder + "/locale.toml"))
        let generic = try AckTemplate(path: folder + "/generic.txt", contents: read(folder + "/generic.txt"))
        var byIntent: [Intent: AckTemplate] = [:]
        for intent in intents {
            let path = folder + "/" + intent.rawValue + ".txt"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            byIntent[intent] = try AckTemplate(path: path, contents: read(path))
        }
        return Language(locale: locale, generic: generic, byIntent: byIntent)
    }

    static func read(_ path: String) throws(RuleFile.SyntaxError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFile.SyntaxError(file: path, line: 1, column: 1, message: "cannot read the file")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
