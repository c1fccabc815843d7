import TextMatching

/// IBANs (ISO 13616, mod-97 checked) and EU/UK VAT ids recognised by their shape.
struct BankIdentifiers: Sendable {
    let iban: Regex
    let vat: Regex

    /// Compiled once per process (the extractor and the IBAN redactor share them), for the
    /// interpreter: they run only on texts whose bytes have an IBAN's or VAT id's shape
    /// (`shapes`), and compiling them with JIT cost more than a `deliver` run matches.
    static let shared = BankIdentifiers(jit: false)
    /// The same with JIT, for runs over many messages (`ExtractionPatterns.jit`): the interpreter
    /// tried the IBAN regex at every letter of a text with its shape, some 650 instructions an
    /// attempt, 2% of `classify`.
    static let sharedJIT = BankIdentifiers(jit: true)

    init(jit: Bool) {
        // try! is safe: literal patterns covered by the tests.
        // "RF" is the ISO 11649 creditor reference: same check digits, not an account.
        // No leading look-behind (it would defeat PCRE2's start optimisation): callers check
        // the word boundary with TextBoundary.startsWord.
        iban = try! Regex("(?!RF)[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\\p{L}\\p{N}])",
                          options: .caseInsensitive, jit: jit)
        vat = try! Regex("(?:ATU\\d{8}|BE ?[01]\\d{3}\\.?\\d{3}\\.?\\d{3}|DE ?\\d{9}|ES ?[A-Z0-9]\\d{7}[A-Z0-9]"
                         + "|FR ?[A-HJ-NP-Z0-9]{2} ?\\d{9}|GB ?\\d{9}(?:\\d{3})?|IT ?\\d{11}|NL ?\\d{9}B\\d{2}"
                         + "|PT ?\\d{9}|IE ?\\d{7}[A-W][A-I]?|LU ?\\d{8}|PL ?\\d{10}|CZ ?\\d{8,10}|SE ?\\d{12}"
                         + "|DK ?\\d{8}|FI ?\\d{8}|CHE-?\\d{3}\\.?\\d{3}\\.?\\d{3})(?![\\p{L}\\p{N}])", jit: jit)
    }

    /// Whether `bytes` (valid UTF-8) may hold an IBAN and whether it may hold a VAT id, from the
    /// characters before each one that may be a digit. PCRE2 tries the IBAN regex at nearly every letter; the
    /// regexes need only run where their opening shape is: for an IBAN two letters then two
    /// digits, for a VAT id two capitals with a digit two to four characters on. A non-ASCII
    /// character counts as a possible letter and digit (under Unicode rules a caseless [A-Z]
    /// also matches "ſ" and the Kelvin sign, and \d any decimal digit).
    static func shapes(in bytes: UnsafeBufferPointer<UInt8>) -> (iban: Bool, vat: Bool) {
        let letter: UInt8 = 1, capital: UInt8 = 2, digit: UInt8 = 4
        func kind(_ b: UInt8) -> UInt8 {
            switch b {
            case 0x41...0x5A: return letter | capital
            case 0x61...0x7A: return letter
            case 0x30...0x39: return digit
            case 0xC0...: return letter | digit
            default: return 0
            }
        }
        /// The class of the character before the one starting at `q`, and where it starts.
        func before(_ q: Int) -> (kind: UInt8, start: Int) {
            var j = q - 1
            while j >= 0, bytes[j] & 0xC0 == 0x80 { j -= 1 }  // back to the lead byte
            return j < 0 ? (0, 0) : (kind(bytes[j]), j)
        }
        var iban = false, vat = false
        // Both shapes end in a digit: look back from each possible digit (few in most text).
        for p in bytes.indices where bytes[p] &- 0x30 < 10 || bytes[p] >= 0xC0 {
            let k3 = before(p), k2 = before(k3.start), k1 = before(k2.start), k0 = before(k1.start)
            if k3.kind & digit != 0, k2.kind & letter != 0, k1.kind & letter != 0 { iban = true }
            if k0.kind & k1.kind & capital != 0 || k1.kind & k2.kind & capital != 0 || k2.kind & k3.kind & capital != 0 {
                vat = true
            }
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
