/// Turns analysts' plain phrases into regex source that matches them the way
/// customers type them: any case, diacritics optional ("numero" finds
/// "número"), flexible spaces, and never inside a longer word.
public enum PhrasePattern {
    /// Regex source for one phrase. Letters that commonly carry diacritics match
    /// their accented forms; a space matches any run of spaces; "." is optional.
    public static func source(for phrase: String) -> String {
        var bytes: [UInt8] = []
        return appendASCIISource(phrase, to: &bytes) ? String(decoding: bytes, as: UTF8.self) : characterSource(phrase)
    }

    /// `source(for:)` at bytes for a phrase of printable ASCII (extraction labels and connectors,
    /// read on every deliver): false, with `out` untouched, for any other phrase.
    static func appendASCIISource(_ phrase: String, to out: inout [UInt8]) -> Bool {
        guard phrase.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
        for var x in phrase.utf8 {
            if x >= 0x41 && x <= 0x5A { x |= 0x20 }
            switch x {
            case 0x61: out += "[aáàâäãå]".utf8
            case 0x65: out += "[eéèêë]".utf8
            case 0x69: out += "[iíìîï]".utf8
            case 0x6F: out += "[oóòôöõ]".utf8
            case 0x75: out += "(?:[uúùûü]|ue)".utf8
            case 0x63: out += "[cç]".utf8
            case 0x6E: out += "[nñ]".utf8
            case 0x20: out += "[\\s_]+".utf8
            case 0x2E: out += "\\.?".utf8
            case 0x30...0x39, 0x61...0x7A: out.append(x)
            default: out += [0x5C, x]
            }
        }
        return true
    }

    static func characterSource(_ phrase: String) -> String {
        var out = ""
        for ch in phrase.lowercased() {
            switch ch {
            case "a", "á", "à", "â", "ä", "ã", "å": out += "[aáàâäãå]"
            case "e", "é", "è", "ê", "ë": out += "[eéèêë]"
            case "i", "í", "ì", "î", "ï": out += "[iíìîï]"
            case "o", "ó", "ò", "ô", "ö", "õ": out += "[oóòôöõ]"
            case "u", "ú", "ù", "û", "ü": out += "(?:[uúùûü]|ue)"
            case "c", "ç": out += "[cç]"
            case "n", "ñ": out += "[nñ]"
            case "ß": out += "(?:ß|ss)"
            case " ": out += "[\\s_]+"
            case ".": out += "\\.?"
            case "°", "º": out += "[°º]"
            default:
                if ch.isLetter || ch.isNumber {
                    out.append(ch)
                } else {
                    out += "\\" + String(ch)
                }
            }
        }
        return out
    }

    /// An alternation of phrases, longest first, bounded so it never starts or
    /// ends inside a word (a digit may follow: "n°5521", "Nr.2024").
    public static func alternation(_ phrases: [String]) -> String {
        "(?<![\\p{L}\\p{N}])" + unanchoredAlternation(phrases)
    }

    /// The same without the leading word-boundary check, which stops PCRE2 from
    /// using its start-character optimisation: callers check the byte before the
    /// match themselves (`TextBoundary.startsWord`).
    public static func unanchoredAlternation(_ phrases: [String]) -> String {
        let sorted = phrases.map { ($0, $0.count) }.sorted { $0.1 > $1.1 }
        var out = Array("(?:".utf8)
        for (i, (phrase, _)) in sorted.enumerated() {
            if i > 0 { out.append(0x7C) }
            if !appendASCIISource(phrase, to: &out) { out += characterSource(phrase).utf8 }
        }
        out += ")(?!\\p{L})".utf8
        return String(decoding: out, as: UTF8.self)
    }
}
