import Foundation

/// A string as a JSON string literal (RFC 8259): quotes, backslashes and control characters
/// escaped, and U+2028/U+2029 too so the output is also safe to embed in JavaScript.
public enum JSONString {
    public static func append(_ s: String, to out: inout String) {
        out += "\""
        if !needsEscaping(s) {
            // Most values: nothing to escape, appended whole rather than scalar by scalar.
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A quote, a backslash, a control character, or a lead byte 0xE2 (U+2028 and U+2029
    /// among others: those take the careful path).
    private static func needsEscaping(_ s: String) -> Bool {
        s.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
    }
}
