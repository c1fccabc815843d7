/// Message-ID lists (Message-ID, In-Reply-To, References).
enum MessageIDs {
    /// The `<…>` tokens in order; a value without brackets yields its whitespace-separated words.
    static func parse(_ raw: String) -> [String] {
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
