import Acknowledgement
import Classification
import Foundation
import RuleLanguage
import TicketStore

/// Decides, composes and records the acknowledgement of a ticket inside the
/// ticket's write transaction (SPEC §10). Every decision is stored: a
/// composed message as `pending` until it is handed over, a refusal as
/// `suppressed` with its reason.
public struct Acknowledger: Sendable {
    public let settings: AckSettings
    public let policy: AutoReplyPolicy
    public let composer: AckComposer
    public let templates: TemplateLibrary

    public enum Result: Sendable, Equatable {
        case queued(messageID: String, recipient: String)
        case suppressed(String)

        public var suppressionReason: String? { if case .suppressed(let r) = self { return r }; return nil }
    }

    public init(settings: AckSettings, templates: TemplateLibrary, timeZone: TimeZone) {
        self.settings = settings
        policy = AutoReplyPolicy(settings: settings)
        composer = AckComposer(settings: settings, timeZone: timeZone)
        self.templates = templates
    }

    public func with(templates: TemplateLibrary) -> Acknowledger {
        Acknowledger(settings: settings, templates: templates, timeZone: composer.timeZone)
    }

    /// What can be said without the database (classify, explain): the message-only checks.
    public func preview(_ r: TriageResult, envelopeSender: String? = nil) -> AutoReplyPolicy.Decision {
        policy.decide(r.message, automated: r.automated, ruleSuppression: r.classification.rules.suppressAcknowledgement,
                      envelopeSender: envelopeSender)
    }

    /// The decision, and — when `claim` is set and an acknowledgement was composed — the row this
    /// run hands over itself after the commit.
    func record(_ r: TriageResult, ticket: Int64, messageRow: Int64, isFollowUp: Bool, slaDue: Date,
                envelopeSender: String?, claim: Bool, in tx: TicketTransaction, now: Date,
                preview computed: AutoReplyPolicy.Decision? = nil) throws -> (Result, PendingAcknowledgement?) {
        var decision = computed ?? preview(r, envelopeSender: envelopeSender)
        if case .acknowledge(let recipient) = decision {
            let since = now.addingTimeInterval(-Double(settings.rateWindowHours) * 3600)
            decision = policy.decide(decision, history: AutoReplyPolicy.History(
                isFollowUp: isFollowUp, acknowledgementsForTicket: try tx.acknowledgementCount(ticket: ticket),
                acknowledgementsToRecipientInWindow: try tx.acknowledgementCount(recipient: recipient, since: since)))
        }
        switch decision {
        case .suppress(let reason):
            try tx.recordAcknowledgement(ticket: ticket, messageRow: messageRow, messageID: "suppressed:\(messageRow)",
                                         recipient: "", status: "suppressed", reason: reason.description, at: now, raw: nil)
            return (.suppressed(reason.description), nil)
        case .acknowledge(let recipient):
            let language = r.analysis.language.code
            guard let (template, locale, used) = templates.template(language: language, intent: r.decision.intent) else {
                try tx.recordAcknowledgement(ticket: ticket, messageRow: messageRow, messageID: "suppressed:\(messageRow)",
                                             recipient: recipient, status: "suppressed", reason: "no_template", at: now, raw: nil)
                return (.suppressed("no_template"), nil)
            }
            let m = r.message
            let facts = r.analysis.facts
            let request = AckRequest(
                ticket: TicketID.format(ticket), recipient: recipient, customerName: m.from.first?.name ?? "",
                language: used, invoices: facts.invoices.map(\.value), amounts: facts.amounts.map { ($0.value, $0.currency) },
                slaDue: slaDue, originalSubject: m.subject, originalMessageID: m.messageID, originalReferences: m.referenceIDs)
            let outgoing = composer.compose(request, template: template, locale: locale, now: now)
            let id = try tx.recordAcknowledgement(ticket: ticket, messageRow: messageRow, messageID: outgoing.messageID,
                                                  recipient: recipient, status: "pending", reason: "", at: now,
                                                  raw: outgoing.bytes, claimed: claim)
            let claimed = claim ? PendingAcknowledgement(id: id, ticket: ticket, messageID: outgoing.messageID, recipient: recipient,
                                                         raw: outgoing.bytes, attempts: 0) : nil
            return (.queued(messageID: outgoing.messageID, recipient: recipient), claimed)
        }
    }
}
