/// The part of a text that carries language: URLs, e-mail addresses and
/// tokens without letters (numbers, amounts, ids) removed.
struct LetterText {
    var text: String
    var letters: Int

    static func clean(_ input: String) -> LetterText {
        var kept: [Substring] = []
        var letters = 0
        for token in input.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            if token.contains("@") || token.hasPrefix("http") || token.hasPrefix("www.") { continue }
            let n = token.unicodeScalars.filter { $0.properties.isAlphabetic }.count
            if n == 0 { continue }
            // Ids like INV-2024-00871 carry no language either.
            let digits = token.unicodeScalars.filter { $0.properties.numericType != nil }.count
            if digits > 0 && digits >= n { continue }
            letters += n
            kept.append(token)
        }
        return LetterText(text: kept.joined(separator: " "), letters: letters)
    }
}
