import Foundation

/// A string as a JSON string literal (RFC 8259): quotes, backslashes and control characters
/// escaped, and U+2028/U+2029 too so the output is also safe to embed in JavaScript.
public enum JSONString {
    public static func append(_ s: String, to out: inout String) {
        out += "\""
        if !needsEscaping(s) {
            // Most values: nothing to escape, appended whole rather than byte by byte.
            out += s
        } else {
            var bytes: [UInt8] = []
            appendEscaped(s, to: &bytes)
            out += String(decoding: bytes, as: UTF8.self)
        }
        out += "\""
    }

    /// The same literal as UTF-8 bytes: what a writer that builds its output as bytes uses
    /// (appending to a String piece by piece cost more than the escaping).
    public static func append(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        if needsEscaping(s) { appendEscaped(s, to: &out) } else { out.append(contentsOf: s.utf8) }
        out.append(0x22)
    }

    /// The escaping, byte by byte: a String is valid UTF-8, so U+2028 and U+2029 are the only
    /// sequences E2 80 A8 / E2 80 A9, and every other byte stands for itself.
    private static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        var s = s
        s.withUTF8 { u in
            var i = 0
            while i < u.count {
                let b = u[i]
                i += 1
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case ..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
                case 0xE2 where i + 1 < u.count && u[i] == 0x80 && (u[i + 1] == 0xA8 || u[i + 1] == 0xA9):
                    out += [0x5C, 0x75, 0x32, 0x30, 0x32, u[i + 1] == 0xA8 ? 0x38 : 0x39]  // \u2028, \u2029
                    i += 2
                default: out.append(b)
                }
            }
        }
    }

    /// A quote, a backslash, a control character, or a lead byte 0xE2 (U+2028 and U+2029
    /// among others: those take the careful path).
    private static func needsEscaping(_ s: String) -> Bool {
        s.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
    }
}
