import Glibc
import MailModel

/// RFC 2047 header decoding: libmailutils first; when it rejects a value
/// (an unknown charset or a malformed word fails the whole value), each word
/// is decoded on its own so one bad word does not cost the rest.
enum EncodedWords {
    struct Result {
        var text: String
        var defects: [Defect.Code]
    }

    static func decode(_ raw: String) -> Result {
        guard raw.utf8.count >= 8, hasWordStart(raw) else { return Result(text: raw, defects: []) }
        if let charsets = wellFormedWordCharsets(raw), let decoded = MailutilsCodec.decodeEncodedWords(raw, charsets: charsets) {
            return Result(text: decoded, defects: [])
        }
        return decodeWordByWord(raw)
    }

    /// An `=?` anywhere (found from each `=` by memchr: most values have none).
    private static func hasWordStart(_ raw: String) -> Bool {
        var copy = raw
        return copy.withUTF8 { u in
            guard let base = u.baseAddress else { return false }
            var i = 0
            while i < u.count, let p = memchr(base + i, 0x3D, u.count - i) {
                let k = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                if k + 1 < u.count, u[k + 1] == 0x3F { return true }
                i = k + 1
            }
            return false
        }
    }

    /// The charsets the words name (as written) when every `=?` starts a complete word whose B payload
    /// is correctly padded (libmailutils silently drops bytes of a badly padded word); nil otherwise.
    /// An ASCII value (no CR) is walked by bytes, which are its characters; others by characters.
    private static func wellFormedWordCharsets(_ raw: String) -> [String]? {
        var copy = raw  // the bytes of an ASCII value are walked in its buffer (the UTF-8 view's indices cost more)
        let ascii: [String]?? = copy.withUTF8 { buf in
            guard buf.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return .none }
            return wellFormedWordCharsets(buf[...], equals: 0x3D, question: 0x3F, isB: { $0.elementsEqual([0x62]) || $0.elementsEqual([0x42]) },
                                          badBase64: { !isWellFormedASCII($0) }, name: { String(decoding: $0, as: UTF8.self) })
        }
        if let ascii { return ascii }
        return wellFormedWordCharsets(raw[...], equals: "=", question: "?", isB: { $0 == "b" || $0 == "B" },
                                      badBase64: { repairedBase64($0) != nil }, name: { String($0) })
    }

    private static func wellFormedWordCharsets<C: Collection>(
        _ text: C, equals: C.Element, question: C.Element, isB: (C) -> Bool, badBase64: (C) -> Bool, name: (C) -> String
    ) -> [String]? where C.Element: Equatable, C.SubSequence == C {
        var scan = text
        var charsets: [String] = []
        while let start = firstPair(equals, question, in: scan) {
            let parts = scan[scan.index(start, offsetBy: 2)...].split(separator: question, maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[3].first == equals else { return nil }
            if isB(parts[1]), badBase64(parts[2]) { return nil }
            charsets.append(name(parts[0]))
            scan = parts[3].dropFirst()
        }
        return charsets
    }

    /// Index of the first `a` followed by `b` (the standard library's `firstRange(of:)`
    /// is not specialized across modules and cost more than the rest of the check).
    private static func firstPair<C: Collection>(_ a: C.Element, _ b: C.Element, in c: C) -> C.Index? where C.Element: Equatable {
        var i = c.startIndex
        while i < c.endIndex {
            let next = c.index(after: i)
            if c[i] == a, next < c.endIndex, c[next] == b { return i }
            i = next
        }
        return nil
    }

    /// nil when a B payload is well-formed; otherwise the payload with padding fixed.
    private static func repairedBase64(_ payload: Substring) -> String? {
        if isWellFormedASCII(payload.utf8) { return nil }  // the usual case, without walking characters
        let alphabet = payload.filter { $0 != "=" }
        let padding = payload.count - alphabet.count
        let wellFormed = payload.count % 4 == 0 && padding <= 2 && payload.drop(while: { $0 != "=" }).allSatisfy { $0 == "=" }
        if wellFormed { return nil }
        var fixed = String(alphabet.prefix(alphabet.count - (alphabet.count % 4 == 1 ? 1 : 0)))
        while fixed.count % 4 != 0 { fixed += "=" }
        return fixed
    }

    /// The well-formedness test of `repairedBase64` on bytes, for ASCII payloads (where
    /// bytes and characters are the same): a multiple of 4 with at most two `=`, all at the end.
    private static func isWellFormedASCII<C: Collection<UInt8>>(_ payload: C) -> Bool {  // also used on ASCII values
        var count = 0, padding = 0
        for b in payload {
            guard b < 0x80, b != 0x0D else { return false }
            if b == 0x3D { padding += 1 } else if padding > 0 { return false }
            count += 1
        }
        return count % 4 == 0 && padding <= 2
    }

    private static func decodeWordByWord(_ raw: String) -> Result {
        var out = ""
        var defects: [Defect.Code] = []
        var rest = raw[...]
        var lastWasWord = false
        var pendingSpace = ""
        while !rest.isEmpty {
            guard let start = rest.firstRange(of: "=?") else {
                out += pendingSpace + rest
                pendingSpace = ""
                break
            }
            let before = rest[..<start.lowerBound]
            // Whitespace between two encoded words is dropped (RFC 2047 §6.2).
            if lastWasWord && before.allSatisfy({ $0 == " " || $0 == "\t" }) {
                pendingSpace = String(before)
            } else {
                out += pendingSpace + before
                pendingSpace = ""
            }
            let body = rest[start.upperBound...]
            let pieces = body.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard pieces.count == 4, pieces[3].hasPrefix("="),
                  let enc = pieces[1].first, "bBqQ".contains(enc) else {
                defects.append(.invalidEncodedWord)
                out += pendingSpace + "=?"
                pendingSpace = ""
                rest = body
                lastWasWord = false
                continue
            }
            let charset = String(pieces[0].split(separator: "*").first ?? "")  // RFC 2231 language suffix
            var payload = String(pieces[2])
            if enc == "b" || enc == "B", let fixed = repairedBase64(pieces[2]) {
                defects.append(.invalidEncodedWord)
                payload = fixed
            }
            let word = "=?\(charset)?\(enc)?\(payload)?="
            if let decoded = MailutilsCodec.decodeEncodedWords(word, charsets: [charset]) {
                out += decoded
            } else {
                defects.append(.unknownCharset)
                out += decodePayloadLeniently(payload, encoding: enc)
            }
            pendingSpace = ""
            lastWasWord = true
            rest = pieces[3].dropFirst()
        }
        return Result(text: out, defects: defects)
    }

    /// Undoes B or Q encoding without a charset; bytes are read as UTF-8, else windows-1252.
    private static func decodePayloadLeniently(_ payload: String, encoding: Character) -> String {
        var bytes: [UInt8]
        if encoding == "b" || encoding == "B" {
            bytes = (try? Array(payload.utf8).withUnsafeBufferPointer {
                try MailutilsCodec.decode($0, transferEncoding: "base64", charset: nil)
            }) ?? Array(payload.utf8)
        } else {
            bytes = []
            let u = Array(payload.utf8)
            var i = 0
            while i < u.count {
                if u[i] == 0x5F {
                    bytes.append(0x20)
                } else if u[i] == 0x3D, i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                    bytes.append(h << 4 | l)
                    i += 2
                } else {
                    bytes.append(u[i])
                }
                i += 1
            }
        }
        return bytes.withUnsafeBufferPointer { TextDecoding.utf8Repairing($0).text }
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x37
        case 0x61...0x66: return c - 0x57
        default: return nil
        }
    }
}
