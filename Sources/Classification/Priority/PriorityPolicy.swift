import Extraction
import Foundation
import MailModel
import RuleLanguage
import TextMatching

/// SPEC §8: a ticket's priority and the reasons for it, from Rules/priority.rules
/// (level per intent, amount thresholds per currency, VIP senders and domains,
/// follow-up counts) and the priority effects of rules. Automated mail is low.
public struct PriorityPolicy: Sendable {
    public var intentLevels: [Intent: Priority] = [:]
    public var thresholds: [String: Double] = [:]
    public var vipDomains: Set<String> = []
    public var vipSenders: Set<String> = []
    public var followUpsRaiseFrom = 2

    public init() {}

    public init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFile.SyntaxError(file: path, line: 0, column: 0, message: "cannot read")
        }
        let file = try RuleFile(path: path, contents: String(decoding: data, as: UTF8.self))
        var p = PriorityPolicy()
        for e in file.entries {
            func bad(_ what: String) -> RuleFile.SyntaxError {
                RuleFile.SyntaxError(file: path, line: e.line, column: 1, message: what)
            }
            switch e.section {
            case "intent":
                guard let intent = Intent(rawValue: e.key) else { throw bad("unknown intent '\(e.key)'") }
                guard let level = Priority(rawValue: e.value) else { throw bad("unknown priority '\(e.value)' (urgent, high, normal, low)") }
                p.intentLevels[intent] = level
            case "amount-threshold":
                guard e.key.count == 3, let n = Double(e.value) else { throw bad("expected 'CUR: amount'") }
                p.thresholds[e.key] = n
            case "vip":
                switch e.key {
                case "domain": p.vipDomains.insert(e.value.lowercased())
                case "sender": p.vipSenders.insert(e.value.lowercased())
                default: throw bad("expected 'domain:' or 'sender:'")
                }
            case "follow-ups":
                guard e.key == "raise-from", let n = Int(e.value) else { throw bad("expected 'raise-from: N'") }
                p.followUpsRaiseFrom = n
            default:
                throw bad("unknown section '[\(e.section)]'")
            }
        }
        self = p
    }

    public struct Assessment: Sendable, Equatable {
        public var priority: Priority
        public var reasons: [String]
    }

    public func assess(intent: Intent, amounts: [Amount], ruleEffects: [(level: Priority?, steps: Int, reason: String)],
                       sender: EmailAddress?, automated: AutomatedKind?, followUps: Int) -> Assessment {
        if let automated { return Assessment(priority: .low, reasons: ["automated mail (\(automated.rawValue))"]) }
        let order: [Priority] = [.low, .normal, .high, .urgent]
        let base = intentLevels[intent] ?? .normal
        var index = order.firstIndex(of: base)!
        var reasons = ["\(intent.rawValue): \(base.rawValue) by default"]
        func raise(_ steps: Int, _ reason: String) {
            index = min(order.count - 1, max(0, index + steps))
            reasons.append(reason)
        }
        if let big = amounts.first(where: { a in thresholds[a.currency].map { a.decimalValue >= $0 } ?? false }) {
            raise(1, "amount \(big.value) \(big.currency) at or above \(Self.format(thresholds[big.currency]!)) \(big.currency)")
        }
        if let sender {
            if vipSenders.contains(sender.address.lowercased()) { raise(1, "VIP sender \(sender.address.lowercased())") }
            else if vipDomains.contains(sender.domain) { raise(1, "VIP domain \(sender.domain)") }
        }
        for e in ruleEffects {
            if let level = e.level {
                index = max(index, order.firstIndex(of: level)!)
                reasons.append(e.reason)
            } else {
                raise(e.steps, e.reason)
            }
        }
        if followUps >= followUpsRaiseFrom { raise(1, "follow-up number \(followUps)") }
        return Assessment(priority: order[index], reasons: reasons)
    }

    private static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }
}
