import Glibc

/// Turning bytes into valid UTF-8 text without losing any of them.
///
/// Valid UTF-8 sequences are kept; every byte that is not part of one is read
/// as windows-1252 (the SPEC's fallback for undeclared 8-bit text), so Latin-1
/// mail that lies about its charset still reads correctly and nothing is dropped.
enum TextDecoding {
    /// Decodes bytes as UTF-8; `repaired` tells whether any byte had to be read as windows-1252.
    static func utf8Repairing(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, repaired: Bool) {
        // ASCII by the cheap test; other text by one validating pass (our check and then
        // String(decoding:) validated it twice; String(validating:) costs more on short ASCII values).
        if bytes.isASCII { return (String(decoding: bytes, as: UTF8.self), false) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                out.append(b)
                i += 1
                continue
            }
            let len = validSequenceLength(bytes, at: i)
            if len > 0 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + len)]))
                i += len
            } else {
                appendWindows1252(b, to: &out)
                i += 1
            }
        }
        return (String(decoding: out, as: UTF8.self), true)
    }

    /// CRLF and lone CR become LF; NUL bytes are dropped.
    static func normalizingLineEnds(_ text: String) -> String {
        var copy = text
        let clean = copy.withUTF8 { buf in
            guard let base = buf.baseAddress else { return true }
            return memchr(base, 0x0D, buf.count) == nil && memchr(base, 0x00, buf.count) == nil
        }
        guard !clean else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for b in text.utf8 {
            switch b {
            case 0x0D: out.append(0x0A); previousCR = true; continue
            case 0x0A where previousCR: break
            case 0x00: break
            default: out.append(b)
            }
            previousCR = false
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Header values are one line: control characters (CR, LF, NUL …) become spaces.
    static func singleLine(_ text: String) -> String {
        func isControl(_ b: UInt8) -> Bool { b < 0x20 && b != 0x09 || b == 0x7F }
        var copy = text  // the check on the buffer: stepping the UTF-8 view cost several times more
        guard copy.withUTF8({ $0.contains(where: isControl) }) else { return text }
        return String(decoding: text.utf8.map { isControl($0) ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Decodes every byte as windows-1252.
    static func windows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for b in bytes {
            if b < 0x80 { out.append(b) } else { appendWindows1252(b, to: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Length of the well-formed UTF-8 sequence starting at `i` (a non-ASCII lead byte), 0 if ill-formed.
    private static func validSequenceLength(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b0 = s[i]
        let n = s.count
        func cont(_ k: Int) -> Bool { i + k < n && s[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return i + 2 < n && (0xA0...0xBF).contains(s[i + 1]) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:
            return i + 2 < n && (0x80...0x9F).contains(s[i + 1]) && cont(2) ? 3 : 0
        case 0xF0:
            return i + 3 < n && (0x90...0xBF).contains(s[i + 1]) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return i + 3 < n && (0x80...0x8F).contains(s[i + 1]) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// windows-1252 code points of 0x80...0x9F; the five undefined bytes map to their C1 controls.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func appendWindows1252(_ b: UInt8, to out: inout [UInt8]) {
        let scalar = b < 0xA0 ? cp1252High[Int(b) - 0x80] : UInt32(b)
        appendUTF8(scalar, to: &out)
    }

    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
