/// Normalizes an amount as written to "dot decimal, no grouping" (SPEC §4).
enum AmountValue {
    /// "1.234,56" → "1234.56"; "1,234" → "1234"; "12.5k" → "12500"; "1'250.–" → "1250".
    static func normalize(_ written: String, negative: Bool) -> String? {
        var text = Substring(written.trimmed())
        var thousands = false
        if let last = text.last, last == "k" || last == "K" {
            thousands = true
            text = text.dropLast()
            while text.last == " " { text = text.dropLast() }
        }
        // "1'250.–", "45,-", "45,--": no decimals
        while let last = text.last, last == "-" || last == "\u{2013}" || last == "\u{2014}" { text = text.dropLast() }
        if let last = text.last, last == "." || last == "," { text = text.dropLast() }
        // A one-byte character by its byte, others against the non-ASCII separators (no character
        // of more than one byte equals an ASCII one): hashing or comparing each character with all
        // seven separators cost more than the rest.
        func isSeparator(_ c: Character) -> Bool {
            let u = c.utf8
            if u.count == 1 {
                let b = u.first!
                return b == 0x2E || b == 0x2C || b == 0x27 || b == 0x20  // . , ' space
            }
            return c == "\u{2019}" || c == "\u{A0}" || c == "\u{202F}"
        }
        let positions = text.indices.filter { isSeparator(text[$0]) }
        var integer = "", fraction = ""
        // The last "." or "," is the decimal mark when one or two digits follow it;
        // otherwise every separator is grouping ("1,234", "1.234.567", "1'250").
        var decimalIndex: String.Index? = nil
        if let last = positions.last, text[last] == "." || text[last] == "," {
            let after = text.distance(from: text.index(after: last), to: text.endIndex)
            if after == 1 || after == 2 { decimalIndex = last }
        }
        for i in text.indices {
            let c = text[i]
            if isSeparator(c) { continue }
            guard c.isASCII, c.isNumber else { return nil }
            if let d = decimalIndex, i > d { fraction.append(c) } else { integer.append(c) }
        }
        while integer.count > 1 && integer.hasPrefix("0") { integer.removeFirst() }
        if integer.isEmpty { integer = "0" }
        var value = fraction.isEmpty ? integer : integer + "." + fraction
        if thousands {
            let scaled = (Double(value) ?? 0) * 1000
            value = scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
        }
        return negative ? "-" + value : value
    }
}
