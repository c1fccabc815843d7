import Foundation
import Testing
import Pipeline

/// `rules test` runs each `expect` example as a message: new text, and the subject when one is given.
@Suite struct RuleExamplesTests {
    private func check(_ rules: String) throws -> [String] {
        let dir = NSTemporaryDirectory() + "bt-examples-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/intents", withIntermediateDirectories: true)
        for sub in ["extraction", "language"] {
            try fm.copyItem(atPath: Support.rules + "/" + sub, toPath: dir + "/" + sub)
        }
        try rules.write(toFile: dir + "/intents/10_test.rules", atomically: true, encoding: .utf8)
        return try RuleChecks(rulesDirectory: dir).test().failures.map { "\($0.example.location.line)" }
    }

    @Test func examplesWithASubjectSeeIt() throws {
        let failures = try check("""
            rule refund.reply_subject
              description "a reply under a refund subject"
              when subject matches /^re:.*refund/
              score refund +1
              expect subject "Re: Refund for INV-1" "Any news?"
              expect not subject "Refund for INV-1" "Any news?"
              expect "Re: refund please"

            rule payment_confirmation.forwarded_notice
              description "a forwarded bank notice"
              when forwarded has "transfer executed"
              score payment_confirmation +1
              expect forwarded "Your transfer executed on 3 March." "See below."
              expect not "See below."
            """)
        // Line 7's text is new text, not a subject, so the rule cannot hit it: the only failure.
        #expect(failures == ["7"])
    }
}
