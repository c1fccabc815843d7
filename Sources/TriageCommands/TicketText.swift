import Foundation
import TicketStore

/// Text and CSV forms of tickets.
enum TicketText {
    static func render(_ t: TicketRow, _ messages: [StoredMessage], acknowledgements: [AcknowledgementRow] = []) -> String {
        var out = "\(t.ticket)  \(t.status)  \(t.priority)  \(t.intent)\(t.needsReview ? " (needs review)" : "")\n"
        out += "From:       \(t.senderName.isEmpty ? t.sender : "\(t.senderName) <\(t.sender)>")\n"
        out += "Subject:    \(t.subject)\n"
        out += "Language:   \(t.language)   confidence \(String(format: "%.2f", t.confidence))\n"
        if !t.secondaryIntents.isEmpty { out += "Secondary:  \(t.secondaryIntents.joined(separator: ", "))\n" }
        out += "Created:    \(t.createdAt)   updated \(t.updatedAt)\n"
        out += "SLA due:    \(t.slaDue)\n"
        out += "Queue:      \(t.queue)\(t.tags.isEmpty ? "" : "   tags: " + t.tags.joined(separator: ", "))\n"
        out += "Priority:   " + t.priorityReasons.joined(separator: "; ") + "\n"
        if !t.invoices.isEmpty { out += "Invoices:   \(t.invoices.joined(separator: ", "))\n" }
        out += "Follow-ups: \(t.followUps)\(t.automated.map { "   automated: \($0)" } ?? "")\n"
        for a in acknowledgements {
            out += "Acknowledgement: \(a.status)" + (a.reason.isEmpty ? "" : " (\(a.reason))")
            out += a.status == "suppressed" ? "   \(a.createdAt)\n"
                : "   \(a.messageID) to \(a.recipient)   \(a.sentAt ?? a.createdAt)   attempts \(a.attempts)\n"
        }
        for m in messages {
            out += "\n--- message \(m.id) (\(m.role)) \(m.receivedAt) from \(m.sender)\n"
            out += "Subject: \(m.subject)\nIntent: \(m.intent)\(m.automated.map { "  automated: \($0)" } ?? "")  language: \(m.language)\n"
            if !m.defects.isEmpty { out += "Defects: \(m.defects.joined(separator: ", "))\n" }
            out += m.newText + "\n"
            out += "Explanation: \(m.explanation)\n"
        }
        return out
    }

    static let csvHeader = "ticket,status,priority,intent,secondary_intents,confidence,needs_review,language,sender,subject,created_at,updated_at,sla_due,queue,follow_ups,automated,invoices"

    static func csv(_ t: TicketRow) -> String {
        [t.ticket, t.status, t.priority, t.intent, t.secondaryIntents.joined(separator: " "), String(format: "%.3f", t.confidence),
         t.needsReview ? "true" : "false", t.language, t.sender, t.subject, t.createdAt, t.updatedAt, t.slaDue, t.queue,
         String(t.followUps), t.automated ?? "", t.invoices.joined(separator: " ")].map(field).joined(separator: ",")
    }

    /// RFC 4180: quote when needed; a leading =, +, - or @ gets a quote mark so spreadsheets do not run it.
    private static func field(_ s: String) -> String {
        var v = s
        if let f = v.first, "=+-@".contains(f) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
