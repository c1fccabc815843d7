import Foundation
import MailModel

/// What `billtriage parse` prints for one message: the decoded model, as
/// readable text or as one JSON object per line.
public struct MessageDump: Sendable, Encodable {
    public var source: String
    public var message: Message

    public init(source: String, message: Message) {
        self.source = source
        self.message = message
    }

    private enum CodingKeys: String, CodingKey { case source }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try message.encode(to: encoder)
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
