/// The part of a text that carries language: URLs, e-mail addresses and
/// tokens without letters (numbers, amounts, ids) removed.
struct LetterText {
    var text: String
    var letters: Int

    /// `enough`: stop once the text is longer than `bytes` and has at least `letters` letters
    /// (what the detector reads of a long text is decided by then; the count stops there too).
    static func clean(_ input: String, enough: (bytes: Int, letters: Int)? = nil) -> LetterText {
        var copy = input
        return copy.withUTF8 { clean(utf8: $0, enough: enough) }
    }

    /// One pass over the bytes: tokens split at ASCII whitespace; a token is kept
    /// when it has letters, more letters than digits, and is not a URL or address.
    static func clean(utf8 s: UnsafeBufferPointer<UInt8>, enough: (bytes: Int, letters: Int)? = nil) -> LetterText {
        var letters = 0
        // Written straight into the string's storage (kept tokens and one space between them
        // are never longer than the input), each token copied as one block.
        let text = String(unsafeUninitializedCapacity: s.count) { out -> Int in
            var written = 0
            var i = 0
            let n = s.count
            while i < n {
                while i < n, isSpace(s[i]) { i += 1 }
                let start = i
                var tokenLetters = 0, digits = 0, at = false
                while i < n, !isSpace(s[i]) {
                    let b = s[i]
                    if b < 0x80 {
                        if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A { tokenLetters += 1 }
                        else if b >= 0x30 && b <= 0x39 { digits += 1 }
                        else if b == 0x40 { at = true }
                        i += 1
                    } else {
                        // Non-ASCII: count the scalar as a letter when it is alphabetic.
                        var v = UInt32(b), len = 1
                        if b >= 0xF0 { v &= 0x07; len = 4 } else if b >= 0xE0 { v &= 0x0F; len = 3 } else if b >= 0xC0 { v &= 0x1F; len = 2 }
                        var k = 1
                        while k < len, i + k < n { v = v << 6 | UInt32(s[i + k] & 0x3F); k += 1 }
                        if v >= 0xC0 && v <= 0x24F {
                            if v != 0xD7 && v != 0xF7 { tokenLetters += 1 }  // Latin letters, no table lookup
                        } else if let scalar = Unicode.Scalar(v), v >= 0xC0, scalar.properties.isAlphabetic {
                            tokenLetters += 1
                        }
                        i += len
                    }
                }
                guard i > start, tokenLetters > 0, !at, digits < tokenLetters || digits == 0 else { continue }
                let first = s[start] | 0x20  // "http…" and "www." by their first byte before the full test
                if first == 0x68 && hasPrefix(s, start, "http") || first == 0x77 && hasPrefix(s, start, "www.") { continue }
                let end = min(i, n)
                if written > 0 { out[written] = 0x20; written += 1 }
                UnsafeMutableRawPointer(out.baseAddress! + written)
                    .copyMemory(from: s.baseAddress! + start, byteCount: end - start)
                written += end - start
                letters += tokenLetters
                if let enough, written > enough.bytes, letters >= enough.letters { break }
            }
            return written
        }
        return LetterText(text: text, letters: letters)
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    private static func hasPrefix(_ s: UnsafeBufferPointer<UInt8>, _ at: Int, _ p: StaticString) -> Bool {
        let m = p.utf8CodeUnitCount
        guard at + m <= s.count else { return false }
        for k in 0..<m where s[at + k] | 0x20 != p.utf8Start[k] | 0x20 { return false }
        return true
    }
}
