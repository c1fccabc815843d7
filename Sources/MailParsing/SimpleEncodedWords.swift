/// RFC 2047 encoded words in UTF-8, US-ASCII, ISO-8859-1 or windows-1252 (`=?utf-8?Q?Zo=C3=AB?=`,
/// `=?iso-8859-1?B?...?=`), the ones most mail names and subjects carry, decoded at bytes:
/// libmailutils' `mu_rfc2047_decode` built a stream and a converter for every value, some 37,000
/// instructions (3% of `classify`). A value with anything else — another charset, a byte outside
/// printable ASCII or a CR, a malformed word or Q escape, base64 with bad padding, decoded bytes
/// that are not valid in their charset, an empty word — is nil and goes to libmailutils. What
/// libmailutils gives is what this gives: a test holds it to libmailutils on the corpora's
/// values and on generated ones.
enum SimpleEncodedWords {
    static func decode(_ value: String) -> String? {
        var copy = value
        return copy.withUTF8 { decode($0) }
    }

    private static func decode(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        for x in b { guard (x >= 0x20 && x < 0x7F) || x == 0x09 || x == 0x0A else { return nil } }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0, text = 0
        var afterWord = false  // the text since `text` follows an encoded word
        while i + 1 < b.count {
            guard b[i] == 0x3D, b[i + 1] == 0x3F else { i += 1; continue }
            let before = text..<i
            // Spaces and tabs alone between two encoded words are dropped (RFC 2047 §6.2); a line
            // end is not a space to libmailutils, and stays.
            if !(afterWord && isBlank(b[before])) { out += b[before] }
            guard let end = word(b, at: i, into: &out) else { return nil }
            i = end
            text = end
            afterWord = true
        }
        // So are those after the last word at the end of the value.
        if !(afterWord && isBlank(b[text...])) { out += b[text...] }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isBlank(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        s.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Appends the decoded word starting at `start` (on "=?") as UTF-8 and returns where it ends.
    private static func word(_ b: UnsafeBufferPointer<UInt8>, at start: Int, into out: inout [UInt8]) -> Int? {
        var i = start + 2
        let charsetStart = i
        while i < b.count && b[i] != 0x3F { i += 1 }
        guard i + 2 < b.count, b[i + 2] == 0x3F else { return nil }
        let charset = String(decoding: UnsafeBufferPointer(rebasing: b[charsetStart..<i]), as: UTF8.self).lowercased()
        let encoding = b[i + 1] | 0x20
        i += 3
        let payloadStart = i
        while i < b.count && b[i] != 0x3F { i += 1 }
        guard i + 1 < b.count, b[i + 1] == 0x3D, i > payloadStart else { return nil }
        let payload = UnsafeBufferPointer(rebasing: b[payloadStart..<i])
        guard payload.allSatisfy({ $0 > 0x20 }) else { return nil }  // no whitespace inside a word
        let decoded: [UInt8]?
        switch encoding {
        case 0x71: decoded = q(payload)
        case 0x62: decoded = base64(payload)
        default: return nil
        }
        guard let decoded, !decoded.isEmpty else { return nil }
        switch charset {
        case "utf-8":
            guard String(validating: decoded, as: UTF8.self) != nil else { return nil }
            out += decoded
        case "us-ascii":
            guard decoded.allSatisfy({ $0 < 0x80 }) else { return nil }
            out += decoded
        case "iso-8859-1":
            for x in decoded { TextDecoding.appendUTF8(UInt32(x), to: &out) }  // each byte is its code point
        case "windows-1252":
            // The five bytes windows-1252 leaves undefined go to libmailutils (its converter's fallback decides).
            guard !decoded.contains(where: { [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }) else { return nil }
            for x in decoded {
                if x < 0x80 { out.append(x) } else { TextDecoding.appendWindows1252(x, to: &out) }
            }
        default:
            return nil
        }
        return i + 2
    }

    private static func q(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(p.count)
        var i = 0
        while i < p.count {
            let x = p[i]
            if x == 0x5F { out.append(0x20); i += 1; continue }
            guard x == 0x3D else { out.append(x); i += 1; continue }
            guard i + 2 < p.count, let h = EncodedWords.hex(p[i + 1]), let l = EncodedWords.hex(p[i + 2]) else { return nil }
            out.append(h << 4 | l)
            i += 3
        }
        return out
    }

    /// Standard base64, a multiple of four characters with at most two `=` at the end.
    private static func base64(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard p.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(p.count / 4 * 3)
        var i = 0
        while i < p.count {
            var v: UInt32 = 0, pad = 0
            for k in 0..<4 {
                let x = p[i + k]
                let d: UInt32
                switch x {
                case 0x41...0x5A: d = UInt32(x - 0x41)
                case 0x61...0x7A: d = UInt32(x - 0x61 + 26)
                case 0x30...0x39: d = UInt32(x - 0x30 + 52)
                case 0x2B: d = 62
                case 0x2F: d = 63
                case 0x3D:
                    guard i + 4 == p.count, k >= 2 else { return nil }
                    pad += 1
                    d = 0
                default: return nil
                }
                if pad > 0 && x != 0x3D { return nil }
                v = v << 6 | d
            }
            out.append(UInt8(v >> 16))
            if pad < 2 { out.append(UInt8(v >> 8 & 0xFF)) }
            if pad < 1 { out.append(UInt8(v & 0xFF)) }
            i += 4
        }
        return out
    }
}
