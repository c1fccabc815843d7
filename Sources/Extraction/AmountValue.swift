/// Normalizes an amount as written to "dot decimal, no grouping" (SPEC §4).
enum AmountValue {
    /// "1.234,56" → "1234.56"; "1,234" → "1234"; "12.5k" → "12500"; "1'250.–" → "1250".
    ///
    /// Read on Unicode scalars: a value comes out only when every character is an ASCII digit
    /// or a one-scalar separator, and there scalars and characters are the same (a combining
    /// mark makes its character, and the scalar walk, fail alike).
    static func normalize(_ written: String, negative: Bool) -> String? {
        let trimmed = written.trimmed()
        var text = trimmed.unicodeScalars[...]
        var thousands = false
        if let last = text.last, last == "k" || last == "K" {
            thousands = true
            text = text.dropLast()
            while text.last == " " { text = text.dropLast() }
        }
        // "1'250.–", "45,-", "45,--": no decimals
        while let last = text.last, last == "-" || last == "\u{2013}" || last == "\u{2014}" { text = text.dropLast() }
        if let last = text.last, last == "." || last == "," { text = text.dropLast() }
        func isSeparator(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case ".", ",", "'", " ", "\u{2019}", "\u{A0}", "\u{202F}": return true
            default: return false
            }
        }
        // The last "." or "," is the decimal mark when one or two digits follow it;
        // otherwise every separator is grouping ("1,234", "1.234.567", "1'250").
        var decimalIndex: String.UnicodeScalarView.Index? = nil
        if let last = text.lastIndex(where: isSeparator), text[last] == "." || text[last] == "," {
            let after = text.distance(from: text.index(after: last), to: text.endIndex)
            if after == 1 || after == 2 { decimalIndex = last }
        }
        var integer = "", fraction = ""
        for i in text.indices {
            let c = text[i]
            if isSeparator(c) { continue }
            guard c.value >= 0x30 && c.value <= 0x39 else { return nil }
            if let d = decimalIndex, i > d { fraction.unicodeScalars.append(c) } else { integer.unicodeScalars.append(c) }
        }
        while integer.utf8.count > 1 && integer.utf8.first == 0x30 { integer.removeFirst() }
        if integer.isEmpty { integer = "0" }
        var value = fraction.isEmpty ? integer : integer + "." + fraction
        if thousands {
            let scaled = (Double(value) ?? 0) * 1000
            value = scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
        }
        return negative ? "-" + value : value
    }
}
