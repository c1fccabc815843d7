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

    /// Whether `bytes` (valid UTF-8) may hold an IBAN and whether it may hold a VAT id, from
    /// one walk over its characters. PCRE2 tries the IBAN regex at nearly every letter; the
    /// regexes need only run where their opening shape is: for an IBAN two letters then two
    /// digits, for a VAT id two capitals with a digit two to four characters on. A non-ASCII
    /// character counts as a possible letter and digit (under Unicode rules a caseless [A-Z]
    /// also matches "ſ" and the Kelvin sign, and \d any decimal digit).
    static func shapes(in bytes: UnsafeBufferPointer<UInt8>) -> (iban: Bool, vat: Bool) {
        let letter: UInt8 = 1, capital: UInt8 = 2, digit: UInt8 = 4
        // Classes of the last five characters, k4 the newest.
        var k0: UInt8 = 0, k1: UInt8 = 0, k2: UInt8 = 0, k3: UInt8 = 0, k4: UInt8 = 0
        var iban = false, vat = false
        for b in bytes where b & 0xC0 != 0x80 {  // one lead byte per character
            let c: UInt8
            switch b {
            case 0x41...0x5A: c = letter | capital
            case 0x61...0x7A: c = letter
            case 0x30...0x39: c = digit
            case 0xC0...: c = letter | digit
            default: c = 0
            }
            (k0, k1, k2, k3, k4) = (k1, k2, k3, k4, c)
            guard c & digit != 0 else { continue }
            if k3 & digit != 0, k2 & letter != 0, k1 & letter != 0 { iban = true }
            if k0 & k1 & capital != 0 || k1 & k2 & capital != 0 || k2 & k3 & capital != 0 { vat = true }
            if iban && vat { break }
        }
        return (iban, vat)
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
