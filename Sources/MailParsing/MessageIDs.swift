/// Message-ID lists (Message-ID, In-Reply-To, References).
enum MessageIDs {
    /// The `<…>` tokens in order; a value without brackets yields its whitespace-separated words.
    ///
    /// Header values are one line of valid UTF-8; an ASCII value (every real Message-ID) is
    /// read byte by byte, which gives the same tokens as reading it by characters at a
    /// fraction of the cost. Other values are read by characters.
    static func parse(_ raw: String) -> [String] {
        guard raw.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return parseCharacters(raw) }
        // The value's bytes in place, and a token copied only when it holds whitespace to drop.
        var raw = raw
        return raw.withUTF8 { u in
            var ids: [String] = []
            var i = 0
            while let open = u[i...].firstIndex(of: 0x3C) {
                guard let close = u[open...].firstIndex(of: 0x3E) else { break }
                let token = UnsafeBufferPointer(rebasing: u[open...close])
                if token.contains(where: isWhitespace) {
                    let id = token.filter { !isWhitespace($0) }
                    if id.count > 2 { ids.append(String(decoding: id, as: UTF8.self)) }
                } else if token.count > 2 {
                    ids.append(String(decoding: token, as: UTF8.self))
                }
                i = close + 1
            }
            if ids.isEmpty {
                ids = u.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x2C }).map { String(decoding: $0, as: UTF8.self) }
            }
            return ids
        }
    }

    /// ASCII whitespace as `Character.isWhitespace` sees it: tab, LF, VT, FF, CR, space.
    private static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    private static func parseCharacters(_ raw: String) -> [String] {
        var ids: [String] = []
        var rest = raw[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let id = rest[open...close].filter { !$0.isWhitespace }
            if id.count > 2 { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            ids = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        }
        return ids
    }
}
