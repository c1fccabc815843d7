/// Case and diacritic folding for matching words the way customers type them
/// ("Grüße", "GRUESSE" and "gruse" should meet). Cheap: one pass over scalars.
public enum TextFolding {
    /// Lower-cases and strips Latin diacritics; `ß` becomes `ss`, `æ` `ae`, `œ` `oe`.
    /// Scalars outside Latin ranges are lower-cased only.
    public static func fold(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { fold(utf8: $0) }
    }

    public static func fold(_ text: Substring) -> String {
        var copy = text
        return copy.withUTF8 { fold(utf8: $0) }
    }

    /// Folds valid UTF-8 bytes.
    public static func fold(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.isASCII {
            // Most lines and words: lower-casing is all there is to do, straight into the string.
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for (k, b) in bytes.enumerated() { out[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
                return bytes.count
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                i += 1
                continue
            }
            // Decode one scalar (input is valid UTF-8: it comes from a Swift string).
            var v: UInt32
            var len: Int
            if b < 0xE0 { v = UInt32(b & 0x1F); len = 2 } else if b < 0xF0 { v = UInt32(b & 0x0F); len = 3 } else { v = UInt32(b & 0x07); len = 4 }
            guard i + len <= n else { break }
            for k in 1..<len { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
            if let mapped = latinFold(v) {
                out.append(contentsOf: mapped.utf8)
            } else if (0x0300...0x036F).contains(v) {
                // combining diacritical marks are dropped
            } else if v == 0x00A0 || v == 0x202F || v == 0x2007 {
                out.append(0x20)
            } else if let scalar = Unicode.Scalar(v) {
                if scalar.properties.changesWhenLowercased {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + len)]))
                }
            }
            i += len
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The ASCII folding of a Latin scalar ("é" → "e", "ß" → "ss"), nil when it has none.
    public static func latinASCII(_ v: UInt32) -> String? {
        latinFold(v)
    }

    private static func latinFold(_ v: UInt32) -> String? {
        switch v {
        case 0xC0...0xC5, 0xE0...0xE5, 0x100...0x105: return "a"
        case 0xC6, 0xE6: return "ae"
        case 0xC7, 0xE7, 0x106...0x10D: return "c"
        case 0xC8...0xCB, 0xE8...0xEB, 0x112...0x11B: return "e"
        case 0xCC...0xCF, 0xEC...0xEF, 0x128...0x131: return "i"
        case 0xD1, 0xF1, 0x143...0x148: return "n"
        case 0xD2...0xD6, 0xD8, 0xF2...0xF6, 0xF8, 0x14C...0x151: return "o"
        case 0x152, 0x153: return "oe"
        case 0xD9...0xDC, 0xF9...0xFC, 0x168...0x173: return "u"
        case 0xDD, 0xFD, 0xFF, 0x178: return "y"
        case 0xDF: return "ss"
        case 0x15A...0x161: return "s"
        case 0x179...0x17E: return "z"
        case 0x10E...0x111: return "d"
        case 0x139...0x142: return "l"
        case 0x154...0x159: return "r"
        case 0x162...0x167: return "t"
        case 0x11C...0x123: return "g"
        case 0xBA: return "o" // º as in "nº"
        case 0xAA: return "a"
        default: return nil
        }
    }
}
