import Extraction
import Foundation
import MailModel

/// What `billtriage parse` prints for one message: the decoded model and the
/// facts found in it, as readable text or as one JSON object per line.
public struct MessageDump: Sendable, Encodable {
    public var source: String
    public var analysis: MessageAnalysis
    public var message: Message { analysis.message }

    public init(source: String, analysis: MessageAnalysis) {
        self.source = source
        self.analysis = analysis
    }

    private enum CodingKeys: String, CodingKey {
        case source, invoices, amounts, references, language, languageConfidence, evidence
    }

    /// The SPEC §11 shapes: invoices as strings, amounts as value/currency/text, references as kind/value.
    private struct AmountOut: Encodable { var value: String; var currency: String; var text: String }
    private struct ReferenceOut: Encodable { var kind: String; var value: String }
    private struct EvidenceOut: Encodable {
        var fact: String
        var value: String
        var view: String
        var start: Int
        var end: Int
        var note: String?
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let f = analysis.facts
        try c.encode(source, forKey: .source)
        try c.encode(f.invoices.map(\.value), forKey: .invoices)
        try c.encode(f.amounts.map { AmountOut(value: $0.value, currency: $0.currency, text: $0.text) }, forKey: .amounts)
        try c.encode(f.references.map { ReferenceOut(kind: $0.kind, value: $0.value) }, forKey: .references)
        try c.encode(analysis.language.code, forKey: .language)
        try c.encode(analysis.language.confidence, forKey: .languageConfidence)
        try c.encode(Self.evidence(f), forKey: .evidence)
        try message.encode(to: encoder)
    }

    private static func evidence(_ f: ExtractedFacts) -> [EvidenceOut] {
        func out(_ fact: String, _ value: String, _ e: Evidence, _ note: String? = nil) -> EvidenceOut {
            EvidenceOut(fact: fact, value: value, view: e.view.rawValue, start: e.start, end: e.end,
                        note: note?.isEmpty == false ? note : nil)
        }
        return f.invoices.map { out("invoice", $0.value, $0.evidence) }
            + f.amounts.map { out("amount", "\($0.value) \($0.currency)", $0.evidence, $0.note) }
            + f.references.map { out($0.kind, $0.value, $0.evidence) }
    }

    /// One line of JSON (keys in snake_case, sorted).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The readable form: headers, body source, attachments, structure, defects, then the text views.
    public func text() -> String {
        let m = message
        var out = "== \(source)\n"
        func line(_ label: String, _ value: String) {
            out += label.padding(toLength: 13, withPad: " ", startingAt: 0) + value + "\n"
        }
        line("From:", m.from.map(Self.format).joined(separator: ", "))
        if !m.replyTo.isEmpty { line("Reply-To:", m.replyTo.map(Self.format).joined(separator: ", ")) }
        line("To:", m.to.map(Self.format).joined(separator: ", "))
        if !m.cc.isEmpty { line("Cc:", m.cc.map(Self.format).joined(separator: ", ")) }
        line("Subject:", m.subject)
        line("Date:", m.date)
        line("Message-ID:", m.messageID)
        if !m.inReplyTo.isEmpty { line("In-Reply-To:", m.inReplyTo.joined(separator: " ")) }
        let charset = m.body.charset.isEmpty ? "no charset" : m.body.charset
        line("Body:", m.body.source == .none ? "none"
             : "\(m.body.source.rawValue) (\(charset), part \(m.body.part.isEmpty ? "0" : m.body.part))")
        line("Size:", "\(m.rawSize) bytes")
        let lang = analysis.language
        line("Language:", lang.code == "und" ? "und (\(lang.reason))" : "\(lang.code) (confidence \(lang.confidence), \(lang.reason))")
        let f = analysis.facts
        if !f.invoices.isEmpty { line("Invoices:", f.invoices.map(\.value).joined(separator: ", ")) }
        if !f.amounts.isEmpty {
            line("Amounts:", f.amounts.map { "\($0.value) \($0.currency) (\"\($0.text)\")" }.joined(separator: ", "))
        }
        if !f.references.isEmpty { line("References:", f.references.map { "\($0.kind) \($0.value)" }.joined(separator: ", ")) }
        if f.redactedCards > 0 { line("Redacted:", "\(f.redactedCards) card number(s)") }
        if !m.attachments.isEmpty {
            out += "Attachments:\n"
            for a in m.attachments {
                let name = a.filename.isEmpty ? "(unnamed)" : a.filename
                out += "  \(a.part)  \(name)  \(a.contentType)  \(a.size) bytes\(a.forwarded ? "  (in forwarded message)" : "")\n"
            }
        }
        out += "Structure:\n"
        Self.structure(m.structure, indent: 1, into: &out)
        out += "Defects:" + (m.defects.isEmpty ? " none\n" : "\n")
        for d in m.defects {
            let at = d.part.isEmpty ? "" : " (part \(d.part))"
            out += "  \(d.code.rawValue)\(at)\(d.detail.isEmpty ? "" : ": \(d.detail)")\n"
        }
        for (title, text) in [("new text", m.views.newText), ("quoted", m.views.quoted),
                              ("signature", m.views.signature), ("forwarded", m.views.forwarded)] where !text.isEmpty {
            out += "--- \(title) ---\n\(text)\n"
        }
        return out
    }

    private static func format(_ a: EmailAddress) -> String {
        a.name.isEmpty ? a.address : "\(a.name) <\(a.address)>"
    }

    private static func structure(_ p: MessagePart, indent: Int, into out: inout String) {
        var desc = String(repeating: "  ", count: indent) + (p.path.isEmpty ? "" : p.path + " ") + p.contentType
        if !p.charset.isEmpty { desc += "; charset=\(p.charset)" }
        if !p.transferEncoding.isEmpty { desc += "; \(p.transferEncoding)" }
        if !p.filename.isEmpty { desc += "; \"\(p.filename)\"" }
        desc += "  [\(p.role.rawValue)]"
        out += desc + "\n"
        for c in p.children { structure(c, indent: indent + 1, into: &out) }
    }
}
