import Extraction
import MailModel

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
        if a.isASCII { return asciiAddress(a) }
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

    /// `address` for ASCII text, byte by byte (where bytes are characters).
    private static func asciiAddress(_ a: String) -> String? {
        let u = Array(a.utf8)
        guard u.count <= 254, let at = u.lastIndex(of: 0x40) else { return nil }  // @
        let domain = u[(at + 1)...]
        guard at > 0, at <= 64, let first = domain.first, let last = domain.last, first != 0x2E, last != 0x2E else { return nil }
        for k in domain.indices.dropFirst() where domain[k] == 0x2E && domain[k - 1] == 0x2E { return nil }  // ..
        for b in u where b <= 0x20 || b == 0x7F || forbidden.contains(b) { return nil }
        return a
    }

    private static let forbidden = Array("<>()[],;:\\\"".utf8)

    /// One line of text: controls, line and paragraph separators become spaces,
    /// runs of white space collapse, card numbers and IBANs are masked, and the
    /// result is cut to `limit` characters.
    public static func line(_ value: String, limit: Int = 200) -> String {
        // Built as UTF-8 bytes, ASCII judged without the Unicode property tables (ASCII white
        // space is all below 0x21): scalar by scalar into a String cost most of composing a header.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        var space = false
        for u in value.unicodeScalars {
            let blank: Bool
            if u.value < 0x80 {
                blank = u.value < 0x21 || u.value == 0x7F
            } else {
                let invisible = u.value == 0x200B || u.value == 0xFEFF || (0x202A...0x202E).contains(u.value)
                    || (0x2066...0x2069).contains(u.value)
                if invisible { continue }
                blank = u.value <= 0x9F || u.value == 0x2028 || u.value == 0x2029 || u.properties.isWhitespace
            }
            if blank { space = !bytes.isEmpty; continue }
            if space { bytes.append(0x20); space = false }
            bytes.append(contentsOf: UTF8.encode(u)!)
        }
        var out = String(decoding: bytes, as: UTF8.self)
        out = cards.redact(out).text
        out = ibans.redact(out)
        if out.utf8.count > limit && out.count > limit { out = String(out.prefix(limit - 1)) + "…" }
        return out
    }

    private static let replyPrefixes = ["re:", "aw:", "antw:", "sv:", "réf:", "ref:", "r:", "rif:", "fw:", "fwd:", "wg:", "tr:", "enc:", "rv:"]

    /// The subject of our reply: `Re: <original> [BT-000123]`, with the
    /// original's own reply prefixes and ticket tag removed first.
    public static func replySubject(_ original: String, ticket: String) -> String {
        var s = line(original, limit: 160)
        // Every reply prefix ends in a colon: without one there is nothing to strip (and no lowercasing).
        var changed = s.utf8.contains(0x3A)
        while changed {
            changed = false
            var lower = s.lowercased()
            for prefix in Self.replyPrefixes where lower.hasPrefix(prefix) {
                s = String(s.dropFirst(prefix.count)).trimmingCharacters(in: " ")
                lower = s.lowercased()
                changed = true
            }
        }
        if s.utf8.contains(0x5B), let open = s.range(of: "[BT-"), let close = s[open.upperBound...].firstIndex(of: "]") {
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
        guard !n.isEmpty, n.count <= 64, !n.utf8.containsBytes(0x3D, 0x3F) else { return "" }  // =?
        for ch in n.unicodeScalars {
            if ch.value < 0x80 {  // ASCII: letters and the four marks, without the property tables
                let b = UInt8(ch.value)
                if !((b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x20 || b == 0x27 || b == 0x2D || b == 0x2E) { return "" }
                continue
            }
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
}

extension String.UTF8View {
    /// Whether the two bytes occur next to each other (`=?` and the like, without Foundation's `range(of:)`).
    func containsBytes(_ a: UInt8, _ b: UInt8) -> Bool {
        var previous: UInt8 = 0
        for x in self {
            if previous == a && x == b { return true }
            previous = x
        }
        return false
    }
}
