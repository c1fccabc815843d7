import Classification
import MailModel
import RuleLanguage

/// Priority and acknowledgement as far as classification can say them today.
/// Issue 5 replaces priority with the policy of Rules/priority.rules (amount
/// thresholds, VIPs, follow-ups, SLA) and issue 6 adds the rate limit and
/// own-address checks; until then `classify` reports these, marked provisional
/// in the README.
public struct ProvisionalTriage: Sendable {
    public var priority: Priority
    public var reasons: [String]
    public var acknowledge: Bool
    public var ackSuppressed: String?

    public init(_ result: TriageResult) {
        let rules = result.classification.rules
        var level = Priority.normal
        var reasons: [String] = []
        if let automated = result.automated {
            level = .low
            reasons.append("automated mail (\(automated.rawValue))")
        } else {
            let order: [Priority] = [.low, .normal, .high, .urgent]
            var index = order.firstIndex(of: .normal)!
            for effect in rules.priorityEffects {
                if let set = effect.level {
                    index = max(index, order.firstIndex(of: set)!)
                } else {
                    index = min(order.count - 1, max(0, index + effect.steps))
                }
                reasons.append(effect.reason)
            }
            level = order[index]
        }
        priority = level
        self.reasons = reasons
        let sender = result.message.replyTo.first?.address ?? result.message.from.first?.address ?? ""
        if result.automated != nil {
            ackSuppressed = "automated"
        } else if sender.isEmpty || !sender.contains("@") {
            ackSuppressed = "no_sender"
        } else if let reason = rules.suppressAcknowledgement {
            ackSuppressed = reason
        } else {
            ackSuppressed = nil
        }
        acknowledge = ackSuppressed == nil
    }
}
