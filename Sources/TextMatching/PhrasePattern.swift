/// Turns analysts' plain phrases into regex source that matches them the way
/// customers type them: any case, diacritics optional ("numero" finds
/// "número"), flexible spaces, and never inside a longer word.
public enum PhrasePattern {
    /// Regex source for one phrase. Letters that commonly carry diacritics match
    /// their accented forms; a space matches any run of spaces; "." is optional.
    public static func source(for phrase: String) -> String {
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
        let sorted = phrases.sorted { $0.count > $1.count }
        let body = sorted.map(source(for:)).joined(separator: "|")
        return "(?:\(body))(?!\\p{L})"
    }
}
