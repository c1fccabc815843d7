/// Splits one line of a rule file into tokens with their columns.
struct LineTokenizer {
    enum Kind: Equatable {
        case word, string, regex, number, symbol
    }

    struct Token: Equatable {
        var kind: Kind
        var text: String
        /// 1-based column of the token's first character.
        var column: Int
    }

    /// Tokens of `line`, or a message and column for an unterminated string or regex.
    /// A `#` that starts a token begins a comment.
    static func tokenize(_ line: Substring) -> Result<[Token], TokenizeError> {
        var tokens: [Token] = []
        let chars = Array(line.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\r" { i += 1; continue }
            let column = i + 1
            if c == "#" { break }
            if c == "\"" {
                var text = String.UnicodeScalarView()
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == "\\", j + 1 < chars.count { text.append(chars[j + 1]); j += 2; continue }
                    if chars[j] == "\"" { closed = true; break }
                    text.append(chars[j])
                    j += 1
                }
                guard closed else { return .failure(TokenizeError(message: "unterminated string", column: column)) }
                tokens.append(Token(kind: .string, text: String(text), column: column))
                i = j + 1
                continue
            }
            if c == "/", tokens.last?.text == "matches" {
                var text = String.UnicodeScalarView()
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == "\\", j + 1 < chars.count, chars[j + 1] == "/" { text.append("/"); j += 2; continue }
                    if chars[j] == "\\", j + 1 < chars.count { text.append(chars[j]); text.append(chars[j + 1]); j += 2; continue }
                    if chars[j] == "/" { closed = true; break }
                    text.append(chars[j])
                    j += 1
                }
                guard closed else { return .failure(TokenizeError(message: "unterminated regex (missing '/')", column: column)) }
                tokens.append(Token(kind: .regex, text: String(text), column: column))
                i = j + 1
                continue
            }
            if c == ">" || c == "<" || c == "=" || c == "!" {
                var op = String(c)
                if i + 1 < chars.count, chars[i + 1] == "=" { op.append("="); i += 1 }
                tokens.append(Token(kind: .symbol, text: op, column: column))
                i += 1
                continue
            }
            if c == "(" || c == ")" || c == "," || c == "|" {
                tokens.append(Token(kind: .symbol, text: String(c), column: column))
                i += 1
                continue
            }
            if isDigit(c) || ((c == "+" || c == "-") && i + 1 < chars.count && isDigit(chars[i + 1])) {
                var j = i + 1
                while j < chars.count, isDigit(chars[j]) || chars[j] == "." { j += 1 }
                tokens.append(Token(kind: .number, text: text(chars[i..<j]), column: column))
                i = j
                continue
            }
            var j = i
            while j < chars.count, !isWordEnd(chars[j]) { j += 1 }
            if j == i { j = i + 1 }
            tokens.append(Token(kind: .word, text: text(chars[i..<j]), column: column))
            i = j
        }
        return .success(tokens)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    private static func isWordEnd(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\t", "\r", "\"", "(", ")", ",", "|", "#", ">", "<", "=", "!": return true
        default: return false
        }
    }

    private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    struct TokenizeError: Error {
        var message: String
        var column: Int
    }
}
