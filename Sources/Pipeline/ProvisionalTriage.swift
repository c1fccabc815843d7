import Acknowledgement
import Classification
import MailModel
import RuleLanguage

/// Priority and acknowledgement as far as classification can say them without
/// a database (`classify`, `explain`): the rules' priority effects, and the
/// message-only checks of the auto-reply policy. `batch` and `deliver` report
/// the stored decisions instead (follow-up counts, rate limit, one per ticket).
public struct ProvisionalTriage: Sendable {
    public var priority: Priority
    public var reasons: [String]
    public var acknowledge: Bool
    public var ackSuppressed: String?

    public init(_ result: TriageResult, policy: AutoReplyPolicy = AutoReplyPolicy.defaults) {
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
        ackSuppressed = policy.decide(result.message, automated: result.automated,
                                      ruleSuppression: rules.suppressAcknowledgement).reason?.description
        acknowledge = ackSuppressed == nil
    }
}
