import Testing
import MailModel

@Suite struct CaseInsensitiveEqualsTests {
    /// ASCII letters match either case; every other byte must be the same.
    @Test(arguments: [
        ("Content-Type", "content-type", true), ("X-MAILER", "x-mailer", true), ("Subject", "Subject", true), ("", "", true),
        ("From", "Fro", false), ("From", "Fron", false), ("@", "`", false), ("[", "{", false), ("a-b", "a_b", false),
        ("Grüße", "GRüSSE", false), ("Grüße", "grüße", true), ("Ünter", "ünter", false), ("a very long header name indeed", "A VERY LONG HEADER NAME INDEED", true),
    ])
    func comparesIgnoringASCIICase(_ a: String, _ b: String, _ equal: Bool) {
        #expect(a.caseInsensitiveEquals(b) == equal)
        #expect(b.caseInsensitiveEquals(a) == equal)
    }
}
