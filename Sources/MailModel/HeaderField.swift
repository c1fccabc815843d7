/// One header field as found in the message.
public struct HeaderField: Sendable, Hashable, Codable {
    /// The field name as written (case kept).
    public var name: String
    /// The value after unfolding and RFC 2047 decoding, in UTF-8.
    public var value: String
    /// The value as written, unfolded, 8-bit bytes repaired to valid UTF-8.
    public var rawValue: String

    public init(name: String, value: String, rawValue: String) {
        self.name = name
        self.value = value
        self.rawValue = rawValue
    }
}

extension Array where Element == HeaderField {
    /// The decoded value of the first field with this name (case-insensitive).
    public func first(named name: String) -> String? {
        first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The raw value of the first field with this name (case-insensitive).
    public func firstRaw(named name: String) -> String? {
        first { $0.name.caseInsensitiveEquals(name) }?.rawValue
    }

    /// Every decoded value of fields with this name, in order.
    public func all(named name: String) -> [String] {
        filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }
}

extension String {
    /// ASCII case-insensitive equality, enough for header and parameter names.
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        // Index loop: zipping the two views cost several times more.
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex {
            let x = a[i], y = b[j]
            guard x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) else { return false }
            a.formIndex(after: &i)
            b.formIndex(after: &j)
        }
        return true
    }
}
