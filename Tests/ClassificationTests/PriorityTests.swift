import Extraction
import Foundation
import MailModel
import Testing
@testable import Classification
@testable import RuleLanguage

@Suite struct PriorityTests {
    static let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Rules")

    private func amount(_ v: String, _ c: String) -> Amount {
        Amount(value: v, currency: c, text: v, evidence: Evidence(view: .newText, start: 0, end: 1))
    }

    @Test func shippedPolicyLoadsAndRaisesForAmountVipAndFollowUps() throws {
        let p = try PriorityPolicy(file: Self.rules.appendingPathComponent("priority.rules").path)
        let base = p.assess(intent: .refund, amounts: [], ruleEffects: [], sender: nil, automated: nil, followUps: 0)
        #expect(base.priority == .normal)
        let big = p.assess(intent: .refund, amounts: [amount("1500", "EUR")], ruleEffects: [], sender: nil, automated: nil, followUps: 0)
        #expect(big.priority == .high)
        #expect(big.reasons.contains("amount 1500 EUR at or above 1000 EUR"))
        let small = p.assess(intent: .refund, amounts: [amount("900", "GBP")], ruleEffects: [], sender: nil, automated: nil, followUps: 0)
        #expect(small.priority == .high)  // GBP threshold is 800
        let vip = p.assess(intent: .refund, amounts: [], ruleEffects: [],
                           sender: EmailAddress(name: "", address: "ap@BigAccount.example.com"), automated: nil, followUps: 0)
        #expect(vip.priority == .high)
        let threat = p.assess(intent: .dispute, amounts: [], ruleEffects: [(nil, 1, "chargeback threat")], sender: nil,
                              automated: nil, followUps: 2)
        #expect(threat.priority == .urgent)
        #expect(threat.reasons.last == "follow-up number 2")
        let auto = p.assess(intent: .dispute, amounts: [amount("9999", "EUR")], ruleEffects: [], sender: nil, automated: .autoReply, followUps: 5)
        #expect(auto == PriorityPolicy.Assessment(priority: .low, reasons: ["automated mail (auto_reply)"]))
    }

    @Test func policyErrorsNameTheLine() {
        let path = NSTemporaryDirectory() + "prio-\(UUID().uuidString).rules"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try? Data("[intent]\ndispute: hgh\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try PriorityPolicy(file: path) } throws: { "\($0)".contains(":2:1: unknown priority 'hgh'") }
    }

    /// 2026-11-26 is a Thursday.
    @Test(arguments: [
        ("2026-11-26T10:00:00Z", "4h", "2026-11-26T14:00:00Z"),
        ("2026-11-26T16:00:00Z", "4h", "2026-11-27T12:00:00Z"),
        ("2026-11-27T15:00:00Z", "1d", "2026-11-30T15:00:00Z"),    // Friday → Monday, weekend skipped
        ("2026-11-28T11:00:00Z", "4h", "2026-11-30T13:00:00Z"),    // Saturday: the clock starts Monday 09:00
        ("2026-12-24T16:00:00Z", "2d", "2026-12-29T16:00:00Z"),    // 25th and 26th are holidays, 27th a Sunday
    ])
    func slaRunsInBusinessHours(start: String, sla: String, expected: String) throws {
        let calendar = BusinessCalendar(holidays: ["2026-12-25", "2026-12-26"])
        let f = ISO8601DateFormatter()
        let due = calendar.due(from: try #require(f.date(from: start)), after: sla)
        #expect(f.string(from: due) == expected)
    }

    /// The days the SLA clock walks are the Gregorian calendar's, in zones whose offset changes at
    /// midnight (Santiago, São Paulo until 2019), by half hours (Lord Howe) and not at all.
    @Test(arguments: ["UTC", "Europe/Madrid", "America/Santiago", "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kolkata",
                      "America/New_York", "Pacific/Chatham"])
    func businessDaysAreTheCalendars(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var fast: Calendar?, slow: Calendar?
        var t = 1_230_768_000.0  // 2009-01-01, every 3 h 7 min 11 s for 18 years
        var offsetChanges = 0
        while t < 1_800_000_000 {
            let date = Date(timeIntervalSince1970: t)
            let a = BusinessCalendar.day(of: date, timeZone, &fast)
            let b = BusinessCalendar.dayByCalendar(of: date, timeZone, &slow)
            if a.start != b.start || a.next != b.next || a.day != b.day {
                Issue.record("\(zone) \(date): \(a) against \(b)")
                return
            }
            if timeZone.secondsFromGMT(for: b.start) != timeZone.secondsFromGMT(for: b.next) { offsetChanges += 1 }
            t += 11_231
        }
        if zone != "UTC" && zone != "Asia/Kolkata" { #expect(offsetChanges > 10) }
    }
}
