/// The encodings an outgoing message needs: RFC 2047 encoded words for header
/// text, quoted-printable for a UTF-8 body.
enum MIMEEncoding {
    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// A header value: as is when it is printable ASCII without `=?`, else
    /// `=?UTF-8?B?…?=` words of at most 75 characters, split between
    /// characters and folded onto continuation lines.
    static func headerValue(_ text: String, nameLength: Int) -> String {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.utf8.containsBytes(0x3D, 0x3F)  // =?
        if plain && text.utf8.count + nameLength + 2 <= 998 { return text }
        // Cut between characters: a scalar's UTF-8 width decides where, the bytes are the string's own.
        let bytes = Array(text.utf8)
        var words: [String] = []
        var start = 0, end = 0
        for scalar in text.unicodeScalars {
            let width = UTF8.width(scalar)
            if end - start + width > 45 {
                words.append(encodedWord(Array(bytes[start..<end])))
                start = end
            }
            end += width
        }
        if end > start { words.append(encodedWord(Array(bytes[start..<end]))) }
        return words.joined(separator: "\n ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + base64(bytes) + "?="
    }

    static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(base64Alphabet[Int(b0 >> 2)])
            out.append(base64Alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? base64Alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : 0x3D)
            out.append(i + 2 < bytes.count ? base64Alphabet[Int(b2 & 0x3F)] : 0x3D)
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when the body can go as 7bit: ASCII, no line over 998 octets.
    static func is7bit(_ text: String) -> Bool {
        var length = 0
        for b in text.utf8 {
            if b >= 0x80 || b == 0 || b == 0x0D { return false }
            length = b == 0x0A ? 0 : length + 1
            if length > 998 { return false }
        }
        return true
    }

    /// Quoted-printable (RFC 2045 §6.7) of UTF-8 text with LF line ends;
    /// soft breaks keep every line within 76 characters. One pass over the bytes.
    static func quotedPrintable(_ text: String) -> String {
        var text = text
        return text.withUTF8 { s in
            // Written into storage of the worst case's size (three bytes each, and a soft break every 25),
            // without the capacity checks of appending.
            let bound = s.count * 3 + (s.count / 25 + 1) * 2
            let out = [UInt8](unsafeUninitializedCapacity: bound) { o, count in
                var n = 0, width = 0
                for i in s.indices {
                    let b = s[i]
                    if b == 0x0A {
                        o[n] = 0x0A
                        n += 1
                        width = 0
                        continue
                    }
                    let last = i + 1 == s.count || s[i + 1] == 0x0A  // the line's last byte
                    let literal = (b >= 0x21 && b <= 0x7E && b != 0x3D) || ((b == 0x20 || b == 0x09) && !last)
                    let length = literal ? 1 : 3
                    if width + length > (last ? 76 : 75) {
                        o[n] = 0x3D
                        o[n + 1] = 0x0A
                        n += 2
                        width = 0
                    }
                    if literal {
                        o[n] = b
                    } else {
                        o[n] = 0x3D
                        o[n + 1] = hexDigits[Int(b >> 4)]
                        o[n + 2] = hexDigits[Int(b & 0x0F)]
                    }
                    n += length
                    width += length
                }
                count = n
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
