import MailModel

/// Lenient parser for address headers (From, To, Cc, Reply-To).
///
/// Mail in the wild breaks RFC 5322 constantly (unquoted commas in names,
/// missing brackets, groups); this never fails: it returns what it can read.
enum AddressParser {
    static func parse(_ raw: String) -> [EmailAddress] {
        var result: [EmailAddress] = []
        for piece in splitTopLevel(raw) {
            if let address = parseOne(piece) { result.append(address) }
        }
        return result
    }

    /// Splits at commas and group delimiters outside quotes, brackets and comments.
    private static func splitTopLevel(_ raw: String) -> [Substring] {
        var pieces: [Substring] = []
        var depthAngle = 0, depthParen = 0
        var inQuote = false, escaped = false
        var start = raw.startIndex
        walkCharacters(raw) { i, c, next in
            if escaped {
                escaped = false
            } else if c == 0x5C {  // \
                escaped = true
            } else if inQuote {
                if c == 0x22 { inQuote = false }
            } else if depthParen > 0 {
                if c == 0x28 { depthParen += 1 } else if c == 0x29 { depthParen -= 1 }
            } else {
                switch c {
                case 0x22: inQuote = true
                case 0x28: depthParen += 1
                case 0x3C: depthAngle += 1
                case 0x3E: depthAngle = max(0, depthAngle - 1)
                case 0x2C where depthAngle == 0, 0x3B where depthAngle == 0:  // , ;
                    pieces.append(raw[start..<i])
                    start = next
                case 0x3A where depthAngle == 0:
                    // "Group name: a@b, c@d;" — the group name is not an address.
                    let before = raw[start..<i]
                    if !before.contains("@") { start = next }
                default: break
                }
            }
        }
        pieces.append(raw[start...])
        return pieces
    }

    private static func parseOne(_ piece: Substring) -> EmailAddress? {
        let trimmed = piece.trimmingCharacters(in: " \t")
        guard !trimmed.isEmpty else { return nil }
        if let open = lastUnquoted("<", in: trimmed),
           let close = trimmed[open...].firstCharacter(0x3E) {
            let address = stripComments(trimmed[trimmed.index(after: open)..<close])
                .trimmingCharacters(in: " \t")
            let name = displayName(trimmed[..<open])
            return EmailAddress(name: name, address: address)
        }
        // addr-spec, maybe with a trailing "(Name)" comment
        var comment = ""
        if let open = trimmed.firstIndex(of: "("), let close = trimmed.lastIndex(of: ")"), open < close {
            comment = String(trimmed[trimmed.index(after: open)..<close])
        }
        let address = stripComments(trimmed[...]).trimmingCharacters(in: " \t\"")
        if !address.contains("@"), comment.isEmpty {
            // A bare word with no address: keep it as a name.
            return EmailAddress(name: EncodedWords.decode(unquote(address)).text, address: "")
        }
        return EmailAddress(name: EncodedWords.decode(comment).text.trimmingCharacters(in: " \t"), address: address)
    }

    private static func displayName(_ s: Substring) -> String {
        let withoutComments = stripComments(s).trimmingCharacters(in: " \t")
        let decoded = TextDecoding.singleLine(EncodedWords.decode(unquote(withoutComments)).text)
        return decoded.trimmingCharacters(in: " \t")
    }

    private static func unquote(_ s: String) -> String {
        // A byte test first (a quote byte that is not a character of its own only costs the loop).
        guard s.utf8.contains(0x22) || s.utf8.contains(0x5C) else { return s }
        // An ASCII value is read by bytes, which are then its characters (walking characters cost
        // more than the rest of the name); elsewhere a mark can join a quote: characters decide.
        if s.isASCII {
            return String(decoding: unquote(s.utf8, quote: 0x22, backslash: 0x5C), as: UTF8.self)
        }
        return String(unquote(s, quote: "\"", backslash: "\\"))
    }

    private static func unquote<C: Collection>(_ s: C, quote: C.Element, backslash: C.Element) -> [C.Element]
    where C.Element: Equatable {
        var out: [C.Element] = []
        var escaped = false
        for c in s {
            if escaped { out.append(c); escaped = false }
            else if c == backslash { escaped = true }
            else if c != quote { out.append(c) }
        }
        return out
    }

    private static func stripComments(_ s: Substring) -> String {
        guard s.utf8.contains(0x28) else { return String(s) }
        if s.isASCII {  // by bytes, as `unquote`
            return String(decoding: stripComments(s.utf8, quote: 0x22, open: 0x28, close: 0x29), as: UTF8.self)
        }
        return String(stripComments(s, quote: "\"", open: "(", close: ")"))
    }

    private static func stripComments<C: Collection>(_ s: C, quote: C.Element, open: C.Element, close: C.Element) -> [C.Element]
    where C.Element: Equatable {
        var out: [C.Element] = []
        var depth = 0
        var inQuote = false
        for c in s {
            if c == quote && depth == 0 { inQuote.toggle(); out.append(c); continue }
            if !inQuote && c == open { depth += 1; continue }
            if !inQuote && c == close && depth > 0 { depth -= 1; continue }
            if depth == 0 { out.append(c) }
        }
        return out
    }

    private static func lastUnquoted(_ ch: Character, in s: String) -> String.Index? {
        // Without a quote byte nothing is quoted: search from the end.
        let wanted = ch.asciiValue!
        guard s.utf8.contains(0x22) else { return s[...].lastCharacter(wanted) }
        var inQuote = false
        var found: String.Index? = nil
        walkCharacters(s) { i, c, _ in
            if c == 0x22 { inQuote.toggle() } else if c == wanted && !inQuote { found = i }
        }
        return found
    }

    /// Calls `body` with each character's index, the character as a byte when it is a single
    /// ASCII byte (0 otherwise) and the next index. An ASCII string without CR is walked by
    /// bytes, which are then its characters; walking characters cost most of address parsing.
    private static func walkCharacters(_ s: String, _ body: (String.Index, UInt8, String.Index) -> Void) {
        let ascii = s.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
        var i = s.startIndex
        while i < s.endIndex {
            let c: UInt8
            let next: String.Index
            if ascii {
                c = s.utf8[i]
                next = s.utf8.index(after: i)
            } else {
                let ch = s[i]
                c = ch.utf8.count == 1 ? ch.utf8.first! : 0
                next = s.index(after: i)
            }
            body(i, c, next)
            i = next
        }
    }
}

extension Substring {
    /// `firstIndex(of:)` for an ASCII character, found as a byte: the byte is that character
    /// unless a non-ASCII scalar is next to it (a mark can join it), where characters decide.
    func firstCharacter(_ byte: UInt8) -> String.Index? {
        let u = utf8
        guard let i = u.firstIndex(of: byte) else { return nil }
        return isOwnCharacter(i) ? i : firstIndex(of: Character(Unicode.Scalar(byte)))
    }

    /// `lastIndex(of:)` for an ASCII character, the same way.
    func lastCharacter(_ byte: UInt8) -> String.Index? {
        let u = utf8
        guard let i = u.lastIndex(of: byte) else { return nil }
        return isOwnCharacter(i) ? i : lastIndex(of: Character(Unicode.Scalar(byte)))
    }

    /// The ASCII byte at `i` is a character of its own: ASCII bytes (or the ends) on both sides.
    private func isOwnCharacter(_ i: String.Index) -> Bool {
        let u = utf8
        let next = u.index(after: i)
        return (next == u.endIndex || u[next] < 0x80) && (i == u.startIndex || u[u.index(before: i)] < 0x80)
            && u[i] != 0x0D && u[i] != 0x0A
    }
}

