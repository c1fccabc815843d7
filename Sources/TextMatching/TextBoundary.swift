/// Word-boundary checks done in Swift after a match, so patterns can start
/// with a literal and PCRE2 can skip ahead to it.
public enum TextBoundary {
    /// True when the match at `offset` does not continue a word: the character
    /// before it is not a letter or digit.
    public static func startsWord(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset > 0 else { return true }
        var i = offset - 1
        let last = bytes[i]
        if last < 0x80 {
            return !((last | 0x20) >= 0x61 && (last | 0x20) <= 0x7A || (last >= 0x30 && last <= 0x39))
        }
        while i > 0, bytes[i] & 0xC0 == 0x80 { i -= 1 }  // back to the lead byte
        var v = UInt32(bytes[i])
        var len = 1
        if v >= 0xF0 { v &= 0x07; len = 4 } else if v >= 0xE0 { v &= 0x0F; len = 3 } else if v >= 0xC0 { v &= 0x1F; len = 2 }
        for k in 1..<len where i + k < offset { v = v << 6 | UInt32(bytes[i + k] & 0x3F) }
        guard let scalar = Unicode.Scalar(v) else { return true }
        return !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
    }
}
