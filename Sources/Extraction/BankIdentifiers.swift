import TextMatching

/// IBANs (ISO 13616, mod-97 checked) and EU/UK VAT ids recognised by their shape.
struct BankIdentifiers: Sendable {
    let iban: Regex
    let vat: Regex

    init() {
        // try! is safe: literal patterns covered by the tests.
        // "RF" is the ISO 11649 creditor reference: same check digits, not an account.
        // No leading look-behind (it would defeat PCRE2's start optimisation): callers check
        // the word boundary with TextBoundary.startsWord.
        iban = try! Regex("(?!RF)[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\\p{L}\\p{N}])",
                          options: .caseInsensitive)
        vat = try! Regex("(?:ATU\\d{8}|BE ?[01]\\d{3}\\.?\\d{3}\\.?\\d{3}|DE ?\\d{9}|ES ?[A-Z0-9]\\d{7}[A-Z0-9]"
                         + "|FR ?[A-HJ-NP-Z0-9]{2} ?\\d{9}|GB ?\\d{9}(?:\\d{3})?|IT ?\\d{11}|NL ?\\d{9}B\\d{2}"
                         + "|PT ?\\d{9}|IE ?\\d{7}[A-W][A-I]?|LU ?\\d{8}|PL ?\\d{10}|CZ ?\\d{8,10}|SE ?\\d{12}"
                         + "|DK ?\\d{8}|FI ?\\d{8}|CHE-?\\d{3}\\.?\\d{3}\\.?\\d{3})(?![\\p{L}\\p{N}])")
    }

    /// Spaces removed, upper case: the form IBANs and VAT ids are reported in.
    static func compact(_ s: String) -> String {
        String(s.uppercased().filter { $0 != " " && $0 != "\u{A0}" && $0 != "." && $0 != "-" })
    }

    static func isValidIBAN(_ compact: String) -> Bool {
        let chars = Array(compact)
        guard (15...34).contains(chars.count) else { return false }
        let rearranged = chars[4...] + chars[..<4]
        var remainder = 0
        for c in rearranged {
            if let d = c.wholeNumberValue, c.isASCII {
                remainder = (remainder * 10 + d) % 97
            } else if let a = c.asciiValue, a >= 65, a <= 90 {
                remainder = (remainder * 100 + Int(a) - 55) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }
}
