/// The plain Content-Type and Content-Disposition values most mail has (`text/plain;
/// charset="utf-8"`, `multipart/alternative; boundary=b1`, `attachment; filename="a.pdf"`),
/// read at bytes: libmailutils' `mu_mime_header_parse` made and filled an association and copied
/// each parameter for them, some 13,000 instructions a header (4% of `classify`). Anything
/// else — a comment, an RFC 2231 `*` parameter, an encoded word, a backslash, a CR or a byte
/// outside printable ASCII, a folded quoted value, an empty or repeated parameter, text it
/// cannot read — is nil and goes to libmailutils. A test holds the results to libmailutils'
/// on every such value of the corpora.
enum SimpleParameters {
    static func parse(_ text: String, wanted: [String]) -> MailutilsCodec.ParameterizedValue? {
        var copy = text
        return copy.withUTF8 { parse($0, wanted: wanted) }
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>, wanted: [String]) -> MailutilsCodec.ParameterizedValue? {
        for x in b {
            switch x {
            case 0x09, 0x0A, 0x20...0x7E:  // not CR: libmailutils reads no parameter after "\r\n\t"
                if x == 0x28 || x == 0x29 || x == 0x2A || x == 0x5C { return nil }  // ( ) * \
            default: return nil
            }
        }
        // Pieces between semicolons outside quotes.
        var pieces: [Range<Int>] = []
        var start = 0, inQuote = false
        for i in 0..<b.count {
            if b[i] == 0x22 { inQuote.toggle() } else if b[i] == 0x3B && !inQuote { pieces.append(start..<i); start = i + 1 }
        }
        guard !inQuote else { return nil }
        pieces.append(start..<b.count)
        let main = trimmed(b, pieces[0])
        guard !main.isEmpty, main.allSatisfy({ isToken(b[$0]) || b[$0] == 0x2F }) else { return nil }
        var parameters: [String: String] = [:]
        var seen: [String] = []
        for piece in pieces.dropFirst() {
            let p = trimmed(b, piece)
            guard let eq = p.first(where: { b[$0] == 0x3D }) else { return nil }
            let name = trimmed(b, p.lowerBound..<eq), value = trimmed(b, (eq + 1)..<p.upperBound)
            guard !name.isEmpty, name.allSatisfy({ isToken(b[$0]) }), !value.isEmpty else { return nil }
            let key = String(decoding: UnsafeBufferPointer(rebasing: b[name]), as: UTF8.self).lowercased()
            guard !seen.contains(key) else { return nil }
            seen.append(key)
            let text: Range<Int>
            if b[value.lowerBound] == 0x22 {
                guard value.count >= 2, b[value.upperBound - 1] == 0x22 else { return nil }
                text = (value.lowerBound + 1)..<(value.upperBound - 1)
                // libmailutils drops an empty quoted value.
                guard !text.isEmpty, !b[text].contains(where: { $0 == 0x22 || $0 == 0x0A }) else { return nil }
            } else {
                guard value.allSatisfy({ isToken(b[$0]) }) else { return nil }
                text = value
            }
            let bytes = UnsafeBufferPointer(rebasing: b[text])
            // An encoded word in a value is decoded by libmailutils.
            guard !zip(bytes, bytes.dropFirst()).contains(where: { $0 == 0x3D && $1 == 0x3F }) else { return nil }
            if wanted.contains(key) { parameters[key] = String(decoding: bytes, as: UTF8.self) }
        }
        let value = String(decoding: UnsafeBufferPointer(rebasing: b[main]), as: UTF8.self).lowercased()
        return MailutilsCodec.ParameterizedValue(value: value, parameters: parameters)
    }

    /// RFC 2045 token characters: printable ASCII but space and tspecials.
    private static func isToken(_ x: UInt8) -> Bool {
        switch x {
        case 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F, 0x3D: return false  // ()<>@,;:\"/[]?=
        default: return x > 0x20 && x < 0x7F
        }
    }

    private static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var (s, e) = (r.lowerBound, r.upperBound)
        while s < e && (b[s] == 0x20 || b[s] == 0x09 || b[s] == 0x0A || b[s] == 0x0D) { s += 1 }
        while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x09 || b[e - 1] == 0x0D || b[e - 1] == 0x0A) { e -= 1 }
        return s..<e
    }
}
