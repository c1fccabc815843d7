import TextMatching

/// Finds amounts: a number with a currency marker right before or after it.
///
/// Numbers are found by a byte scan and read with one anchored regex; the
/// currency next to them is looked up in the symbol table and the currency-word
/// trie. No pass of a large regex over the whole text.
struct AmountScanner {
    let patterns: ExtractionPatterns
    let scan: TextScan

    struct Found {
        var value: String
        var currency: String
        var range: Range<Int>
    }

    func amounts(language: String) -> [Found] {
        let s = scan.bytes
        var result: [Found] = []
        var i = 0
        while i < s.count {
            guard isDigit(s[i]), i == 0 || !continuesNumber(at: i) else { i += 1; continue }
            // Cheap test first: is there anything next to this number that could be a currency?
            let roughEnd = roughNumberEnd(from: i)
            guard markerPossible(before: i) || markerPossible(after: roughEnd) else { i = roughEnd; continue }
            guard let number = patterns.amountNumber.anchoredMatch(in: s, at: i, scratch: scan.scratch) else { i += 1; continue }
            defer { i = max(i + 1, number.range.upperBound) }
            var range = number.range
            var currency: (code: String, range: Range<Int>)? = nil
            var negative = false
            if let c = currencyStarting(at: skipOneSpace(forwardFrom: number.range.upperBound)) {
                // Currency after: "45 €", "1.234,56 EUR", "12.5k USD"
                currency = c
                range = number.range.lowerBound..<c.range.upperBound
            } else {
                // Currency before: "€45", "EUR 45,00", "R$ 300,00", and "€-45"
                var end = number.range.lowerBound
                let innerMinus = isMinus(s, before: end)
                if innerMinus { end = previousCharacterStart(end) }
                if let c = currencyEnding(at: skipOneSpace(backFrom: end)) {
                    currency = c
                    range = c.range.lowerBound..<number.range.upperBound
                    negative = innerMinus
                }
            }
            guard let currency else { continue }
            // Sign right before: "-€45", "−45 €" ("paid – £42.99", with a space, is punctuation).
            // Brackets are an accounting minus only where the line speaks of a statement,
            // balance or credit ("balance of (€45.00)"); "VAT (EUR 570,00)" is an aside.
            var start = range.lowerBound
            if start > 0, isMinus(s, before: start) {
                negative = true
                start = previousCharacterStart(start)
            } else if start > 0, s[start - 1] == 0x28, range.upperBound < s.count, s[range.upperBound] == 0x29,
                      hasNegativeCue(before: start - 1) {
                negative = true
                start -= 1
                range = start..<(range.upperBound + 1)
            }
            range = start..<range.upperBound
            guard let value = AmountValue.normalize(scan.string(number.range), negative: negative) else { continue }
            result.append(Found(value: value, currency: resolve(currency.code, language), range: range))
        }
        return result
    }

    /// A word saying "this is a credit or a balance" earlier on the same line (at most 80 bytes back).
    private func hasNegativeCue(before i: Int) -> Bool {
        let s = scan.bytes
        var lineStart = i
        while lineStart > 0, i - lineStart < 80, s[lineStart - 1] != 0x0A { lineStart -= 1 }
        return !patterns.negativeCues.matches(in: UnsafeBufferPointer(rebasing: s[lineStart..<i])).isEmpty
    }

    private func resolve(_ code: String, _ language: String) -> String {
        guard code == "kr" else { return code }
        return patterns.krByLanguage[language] ?? patterns.krByLanguage["default"] ?? "SEK"
    }

    /// Past the digits and separators starting at `i` (a little beyond the exact number:
    /// a "k" suffix or ".–" is not included, which only makes `markerPossible` look further).
    private func roughNumberEnd(from i: Int) -> Int {
        let s = scan.bytes
        var j = i
        while j < s.count {
            let b = s[j]
            if isDigit(b) { j += 1; continue }
            if (b == 0x2E || b == 0x2C || b == 0x27 || b == 0x20), j + 1 < s.count, isDigit(s[j + 1]) { j += 1; continue }
            break
        }
        return j
    }

    /// Could a currency marker end right before `i` (after an optional space or minus)?
    private func markerPossible(before i: Int) -> Bool {
        let s = scan.bytes
        var j = i
        while j > 0, j > i - 4, s[j - 1] == 0x20 || s[j - 1] == 0x2D || s[j - 1] == 0xA0 || s[j - 1] == 0xC2
            || s[j - 1] == 0xAF || s[j - 1] == 0x80 || s[j - 1] == 0x92 || s[j - 1] == 0x93 || s[j - 1] == 0x88 { j -= 1 }
        guard j > 0 else { return false }
        let b = s[j - 1]
        return b >= 0x80 || (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b == 0x24 || b == 0x2E
            || j < i  // something was skipped: let the exact test decide
    }

    /// Could a currency marker start at `i` (after an optional space, a "k" or ".–")?
    private func markerPossible(after i: Int) -> Bool {
        let s = scan.bytes
        var j = i
        while j < s.count, j < i + 4, s[j] == 0x20 || s[j] == 0x2E || s[j] == 0x2C || s[j] == 0x2D { j += 1 }
        guard j < s.count else { return false }
        let b = s[j]
        return b >= 0x80 || (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b == 0x24
    }

    // MARK: currency markers next to a number

    private func currencyStarting(at i: Int) -> (code: String, range: Range<Int>)? {
        let s = scan.bytes
        guard i < s.count else { return nil }
        for symbol in patterns.symbolsLongestFirst where hasBytes(symbol.bytes, at: i) {
            return (symbol.code, i..<(i + symbol.bytes.count))
        }
        // A word must start here, unless it is glued to the number ("45EUR").
        let glued = i > 0 && isDigit(s[i - 1])
        guard glued || TextBoundary.startsWord(s, at: i), let m = patterns.currencyTrie.match(in: s, at: i) else { return nil }
        return (patterns.currencyCodes[m.payload], m.range)
    }

    private func currencyEnding(at end: Int) -> (code: String, range: Range<Int>)? {
        let s = scan.bytes
        guard end > 0 else { return nil }
        for symbol in patterns.symbolsLongestFirst where end >= symbol.bytes.count
            && hasBytes(symbol.bytes, at: end - symbol.bytes.count) {
            let start = end - symbol.bytes.count
            // A symbol glued to a word before it is not a currency ("ABC$5").
            if symbol.bytes.first.map(isLetter) == true, !TextBoundary.startsWord(s, at: start) { continue }
            return (symbol.code, start..<end)
        }
        // Currency words end right here: try the starts of the (up to three) words before.
        var wordEnd = end
        for _ in 0..<3 {
            var start = wordEnd
            while start > 0, !TextBoundary.startsWord(s, at: start) || start == wordEnd { start = previousCharacterStart(start) }
            guard start < wordEnd else { break }
            if let m = patterns.currencyTrie.match(in: s, at: start), m.range.upperBound == end {
                return (patterns.currencyCodes[m.payload], m.range)
            }
            // Step over the spaces before this word to the end of the previous one.
            wordEnd = start
            while wordEnd > 0, s[wordEnd - 1] == 0x20 { wordEnd -= 1 }
            if wordEnd == 0 || wordEnd == start { break }
        }
        return nil
    }

    // MARK: bytes

    private func hasBytes(_ needle: [UInt8], at i: Int) -> Bool {
        let s = scan.bytes
        guard i >= 0, i + needle.count <= s.count else { return false }
        for (k, b) in needle.enumerated() where s[i + k] != b { return false }
        return true
    }

    /// Past the gap between a number and its currency: one space, a no-break space,
    /// or a run of spaces/tabs with at most one line break (column-aligned tables, wrapped lines).
    private func skipOneSpace(forwardFrom i: Int) -> Int {
        let s = scan.bytes
        var j = i, breaks = 0
        while j < s.count, j - i < 8, s[j] == 0x20 || s[j] == 0x09 || (s[j] == 0x0A && breaks == 0) {
            if s[j] == 0x0A { breaks += 1 }
            j += 1
        }
        if j > i { return j }
        if i + 1 < s.count, s[i] == 0xC2, s[i + 1] == 0xA0 { return i + 2 }               // U+00A0
        if i + 2 < s.count, s[i] == 0xE2, s[i + 1] == 0x80, s[i + 2] == 0xAF { return i + 3 }  // U+202F
        return i
    }

    private func skipOneSpace(backFrom i: Int) -> Int {
        let s = scan.bytes
        var j = i, breaks = 0
        while j > 0, i - j < 8, s[j - 1] == 0x20 || s[j - 1] == 0x09 || (s[j - 1] == 0x0A && breaks == 0) {
            if s[j - 1] == 0x0A { breaks += 1 }
            j -= 1
        }
        if j < i { return j }
        if i >= 2, s[i - 2] == 0xC2, s[i - 1] == 0xA0 { return i - 2 }
        if i >= 3, s[i - 3] == 0xE2, s[i - 2] == 0x80, s[i - 1] == 0xAF { return i - 3 }
        return i
    }

    /// "-", "−" (U+2212) or "–" (U+2013) just before `i`.
    private func isMinus(_ s: UnsafeBufferPointer<UInt8>, before i: Int) -> Bool {
        if i >= 1, s[i - 1] == 0x2D { return true }
        if i >= 3, s[i - 3] == 0xE2, (s[i - 2] == 0x88 && s[i - 1] == 0x92) || (s[i - 2] == 0x80 && s[i - 1] == 0x93) {
            return true
        }
        return false
    }

    private func previousCharacterStart(_ i: Int) -> Int {
        var j = i - 1
        while j > 0, scan.bytes[j] & 0xC0 == 0x80 { j -= 1 }
        return j
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    /// A byte that, before a digit, means the digit is inside a longer token.
    private func continuesNumber(at i: Int) -> Bool {
        let b = scan.bytes[i - 1]
        return b == 0x2E || b == 0x2C || b == 0x27 || !TextBoundary.startsWord(scan.bytes, at: i)
    }
}
