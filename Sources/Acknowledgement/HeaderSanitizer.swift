import Extraction

/// Text from incoming mail made safe to put into an outgoing message: no
/// control characters or line breaks (no header injection), no card numbers
/// or IBANs, bounded length.
public enum HeaderSanitizer {
    private static let cards = CardRedactor()
    private static let ibans = IBANRedactor()

    /// A bare `local@domain` we can send to, or nil when the value is not one
    /// (spaces, controls, brackets, quotes, several `@`, over 254 characters).
    /// A dotless domain (`localhost`) is allowed: local delivery uses it.
    public static func address(_ value: String) -> String? {
        let a = value.trimmingCharacters(in: " \t<>")
        guard a.utf8.count <= 254, let at = a.lastIndex(of: "@") else { return nil }
        let local = a[..<at], domain = a[a.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty,
              !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return nil }
        for u in a.unicodeScalars {
            if u.value <= 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) { return nil }
            if "<>()[],;:\\\"".unicodeScalars.contains(u) { return nil }
        }
        guard domain.unicodeScalars.allSatisfy({ $0 != "@" }) else { return nil }
        return a
    }

    /// One line of text: controls, line and paragraph separators become spaces,
    /// runs of white space collapse, card numbers and IBANs are masked, and the
    /// result is cut to `limit` characters.
    public static func line(_ value: String, limit: Int = 200) -> String {
        var out = ""
        var space = false
        for u in value.unicodeScalars {
            let blank = u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028
                || u.value == 0x2029 || u.value == 0x85 || u.properties.isWhitespace
            let invisible = u.value == 0x200B || u.value == 0xFEFF || (0x202A...0x202E).contains(u.value)
                || (0x2066...0x2069).contains(u.value)
            if invisible { continue }
            if blank { space = !out.isEmpty; continue }
            if space { out.unicodeScalars.append(" "); space = false }
            out.unicodeScalars.append(u)
        }
        out = cards.redact(out).text
        out = ibans.redact(out)
        if out.count > limit { out = String(out.prefix(limit - 1)) + "…" }
        return out
    }

    private static let replyPrefixes = ["re:", "aw:", "antw:", "sv:", "réf:", "ref:", "r:", "rif:", "fw:", "fwd:", "wg:", "tr:", "enc:", "rv:"]

    /// The subject of our reply: `Re: <original> [BT-000123]`, with the
    /// original's own reply prefixes and ticket tag removed first.
    public static func replySubject(_ original: String, ticket: String) -> String {
        var s = line(original, limit: 160)
        var changed = true
        while changed {
            changed = false
            var lower = s.lowercased()
            for prefix in Self.replyPrefixes where lower.hasPrefix(prefix) {
                s = String(s.dropFirst(prefix.count)).trimmingCharacters(in: " ")
                lower = s.lowercased()
                changed = true
            }
        }
        if let open = s.range(of: "[BT-"), let close = s[open.upperBound...].firstIndex(of: "]") {
            s = (String(s[..<open.lowerBound]) + String(s[s.index(after: close)...])).trimmingCharacters(in: " ")
            s = line(s)
        }
        return s.isEmpty ? "Re: [\(ticket)]" : "Re: \(s) [\(ticket)]"
    }

    /// The customer's name for the greeting, or "" when it does not look like
    /// a name (an address, a URL, markup, digits — text an attacker could
    /// make us repeat to someone else).
    public static func personName(_ value: String) -> String {
        let n = line(value, limit: 80).trimmingCharacters(in: " '\".,")
        guard !n.isEmpty, n.count <= 64, !n.contains("=?") else { return "" }
        for ch in n.unicodeScalars {
            let ok = ch.properties.isAlphabetic || ch.properties.generalCategory == .nonspacingMark
                || ch.properties.generalCategory == .spacingMark || " '’-.".unicodeScalars.contains(ch)
            if !ok { return "" }
        }
        return n
    }
}

extension String {
    /// Every occurrence of `target` replaced, compared byte for byte in UTF-8 (literally, as
    /// Foundation's `replacingOccurrences` without options, which cost a large share of
    /// composing an acknowledgement).
    func replacingEvery(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        guard let first = t.first else { return self }
        var copy = self
        return copy.withUTF8 { s -> String in
            var out: [UInt8] = []
            var i = 0, last = 0
            while i + t.count <= s.count {
                if s[i] == first && (1..<t.count).allSatisfy({ s[i + $0] == t[$0] }) {
                    if out.isEmpty { out.reserveCapacity(s.count + 16) }
                    out.append(contentsOf: s[last..<i])
                    out.append(contentsOf: replacement.utf8)
                    i += t.count
                    last = i
                } else {
                    i += 1
                }
            }
            if last == 0 { return self }
            out.append(contentsOf: s[last..<s.count])
            return String(decoding: out, as: UTF8.self)
        }
    }

    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
