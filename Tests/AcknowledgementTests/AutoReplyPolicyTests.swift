import Testing
import Acknowledgement
import MailModel
import RuleLanguage

/// Who is never acknowledged (SPEC §10, RFC 3834), each refusal with its reason.
@Suite struct AutoReplyPolicyTests {
    static func message(from: String, replyTo: String? = nil, headers: [(String, String)] = []) -> Message {
        var m = Message(from: [EmailAddress(name: "", address: from)])
        if let replyTo { m.replyTo = [EmailAddress(name: "", address: replyTo)] }
        m.headers = headers.map { HeaderField(name: $0.0, value: $0.1, rawValue: $0.1) }
        return m
    }

    static var policy: AutoReplyPolicy {
        var s = AckSettings()
        s.from = "billing@example.com"
        s.ownAddresses = ["support@example.com"]
        s.ownDomains = ["desk.example.com"]
        return AutoReplyPolicy(settings: s)
    }

    @Test(arguments: [
        ("ana@example.org", nil, [], "ack ana@example.org"),
        ("noreply@forms.example.net", "ana@example.org", [], "ack ana@example.org"),
        ("noreply@erp.example.net", nil, [], "noreply"),
        ("no-reply@example.net", nil, [], "noreply"),
        ("DoNotReply@example.net", nil, [], "noreply"),
        ("alerts-noreply@example.net", nil, [], "noreply"),
        ("MAILER-DAEMON@mx.example.net", nil, [], "system_sender"),
        ("postmaster@example.net", nil, [], "system_sender"),
        ("billing-request@lists.example.net", nil, [], "list"),
        ("owner-finance@lists.example.net", nil, [], "list"),
        ("ana@example.org", nil, [("List-Id", "<finance.lists.example.net>")], "list"),
        ("ana@example.org", nil, [("List-Unsubscribe", "<mailto:u@example.net>")], "list"),
        ("ana@example.org", nil, [("Precedence", "bulk")], "list"),
        ("ana@example.org", nil, [("Return-Path", "<>")], "no_sender"),
        ("billing@example.com", nil, [], "own_address"),
        ("Support@Example.com", nil, [], "own_address"),
        ("agent@desk.example.com", nil, [], "own_address"),
        ("ana@example.org", "billing@example.com", [], "own_address"),
        ("forms@desk.example.com", "ana@example.org", [], "ack ana@example.org"),
        ("ana@example.org", "ana@example.org\r\nBcc: x@example.net", [], "invalid_recipient"),
        ("", nil, [], "no_sender"),
    ] as [(String, String?, [(String, String)], String)])
    func messageOnlyChecks(from: String, replyTo: String?, headers: [(String, String)], expected: String) {
        let d = Self.policy.decide(Self.message(from: from, replyTo: replyTo, headers: headers), automated: nil, ruleSuppression: nil)
        switch d {
        case .acknowledge(let to): #expect("ack \(to)" == expected)
        case .suppress(let reason): #expect(reason.description == expected)
        }
    }

    @Test func automatedMailAndNullEnvelopeSendersAreNeverAnswered() {
        let m = Self.message(from: "ana@example.org")
        for kind in AutomatedKind.allCases {
            #expect(Self.policy.decide(m, automated: kind, ruleSuppression: nil) == .suppress(.automated))
        }
        #expect(Self.policy.decide(m, automated: nil, ruleSuppression: nil, envelopeSender: "") == .suppress(.noSender))
        #expect(Self.policy.decide(m, automated: nil, ruleSuppression: nil, envelopeSender: "<>") == .suppress(.noSender))
        #expect(Self.policy.decide(m, automated: nil, ruleSuppression: nil, envelopeSender: "MAILER-DAEMON@mx.example.net")
                == .suppress(.systemSender))
        #expect(Self.policy.decide(m, automated: nil, ruleSuppression: "legal threat: a person answers")
                == .suppress(.rule("legal threat: a person answers")))
    }

    @Test func storeChecksLimitFollowUpsTicketsAndRate() {
        let yes = AutoReplyPolicy.Decision.acknowledge(recipient: "ana@example.org")
        let p = Self.policy
        #expect(p.decide(yes, history: .init()) == yes)
        #expect(p.decide(yes, history: .init(isFollowUp: true)) == .suppress(.followUp))
        #expect(p.decide(yes, history: .init(acknowledgementsForTicket: 1)) == .suppress(.alreadyAcknowledged))
        #expect(p.decide(yes, history: .init(acknowledgementsToRecipientInWindow: 2)) == yes)
        #expect(p.decide(yes, history: .init(acknowledgementsToRecipientInWindow: 3)) == .suppress(.rateLimited))
        var s = AckSettings()
        s.onFollowUp = true
        s.perTicket = 2
        #expect(AutoReplyPolicy(settings: s).decide(yes, history: .init(isFollowUp: true, acknowledgementsForTicket: 1)) == yes)
        s.enabled = false
        #expect(AutoReplyPolicy(settings: s).decide(Self.message(from: "ana@example.org"), automated: nil, ruleSuppression: nil)
                == .suppress(.disabled))
    }
}
