import Extraction
import MailModel
import RuleLanguage

/// What rules look at: the (redacted) message, its facts and its language.
public struct RuleInput: Sendable {
    public var message: Message
    public var facts: ExtractedFacts
    public var language: String

    public init(message: Message, facts: ExtractedFacts, language: String) {
        self.message = message
        self.facts = facts
        self.language = language
    }

    /// The text of a field, as conditions see it.
    func text(_ field: TextField) -> String {
        let m = message
        switch field {
        case .subject: return m.subject
        case .newText: return m.views.newText
        case .quoted: return m.views.quoted
        case .signature: return m.views.signature
        case .forwarded: return m.views.forwarded
        case .body: return m.body.text
        case .from: return m.from.map { $0.name.isEmpty ? $0.address : "\($0.name) <\($0.address)>" }.joined(separator: "\n")
        case .fromAddress: return m.from.map(\.address).joined(separator: "\n")
        case .fromDomain: return m.from.map(\.domain).joined(separator: "\n")
        case .replyTo: return m.replyTo.map(\.address).joined(separator: "\n")
        case .to: return (m.to + m.cc).map(\.address).joined(separator: "\n")
        case .attachmentName: return m.attachments.map(\.filename).joined(separator: "\n")
        case .attachmentType: return m.attachments.map(\.contentType).joined(separator: "\n")
        case .header(let name): return m.headers.all(named: name).joined(separator: "\n")
        }
    }
}

/// One rule that hit, with what it did and what it saw.
public struct RuleHit: Sendable, Hashable {
    public var name: String
    public var effects: [Effect]
    /// The phrases or regex matches that made its text conditions hold (for `explain`).
    public var evidence: [String]
}

/// Everything the rules decided for a message.
public struct RuleEvaluation: Sendable {
    public var hits: [RuleHit] = []
    public var scores: [Intent: Double] = [:]
    public var automated: AutomatedKind? = nil
    public var tags: [String] = []
    public var queue: String? = nil
    public var priorityEffects: [(level: Priority?, steps: Int, reason: String)] = []
    public var suppressAcknowledgement: String? = nil

    mutating func apply(_ hit: RuleHit) {
        hits.append(hit)
        for e in hit.effects {
            switch e {
            case .score(let intent, let n): scores[intent, default: 0] += n
            case .priority(let level, let steps, let reason): priorityEffects.append((level, steps, reason))
            case .tag(let t): if !tags.contains(t) { tags.append(t) }
            case .queue(let q): queue = q
            case .suppressAcknowledgement(let reason): if suppressAcknowledgement == nil { suppressAcknowledgement = reason }
            case .automated(let kind):
                // A bounce outranks an auto-reply, which outranks bulk, which outranks noreply.
                let rank: [AutomatedKind] = [.bounce, .autoReply, .bulk, .noreply]
                if automated.map({ rank.firstIndex(of: kind)! < rank.firstIndex(of: $0)! }) ?? true { automated = kind }
            }
        }
    }
}
