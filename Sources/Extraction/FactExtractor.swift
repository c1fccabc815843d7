import MailModel
import TextMatching

/// Finds invoice numbers, references and amounts in the parts of a message
/// that count (SPEC §4): the subject, the new text, forwarded content and
/// attachment names — never quoted history or signatures.
public struct FactExtractor: Sendable {
    public let patterns: ExtractionPatterns
    private let bank: BankIdentifiers

    public init(patterns: ExtractionPatterns) {
        self.patterns = patterns
        bank = patterns.jit ? .sharedJIT : .shared
    }

    /// One text to read, and what it is.
    public struct Source: Sendable {
        public var view: Evidence.View
        public var text: String
        public var index: Int

        public init(view: Evidence.View, text: String, index: Int = 0) {
            self.view = view
            self.text = text
            self.index = index
        }
    }

    /// The sources of a message in the order facts are reported.
    public static func sources(of message: Message) -> [Source] {
        var out = [Source(view: .subject, text: message.subject), Source(view: .newText, text: message.views.newText)]
        if !message.views.forwarded.isEmpty { out.append(Source(view: .forwarded, text: message.views.forwarded)) }
        for (i, a) in message.attachments.enumerated() where !a.filename.isEmpty {
            out.append(Source(view: .attachmentName, text: withoutExtension(a.filename), index: i))
        }
        return out
    }

    /// "Invoice_INV-2024-0042.pdf" → "Invoice_INV-2024-0042": the extension is not part of a number.
    static func withoutExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return name }
        let ext = name[name.index(after: dot)...]
        guard (1...5).contains(ext.count), ext.allSatisfy({ $0.isLetter || $0.isNumber }) else { return name }
        return String(name[..<dot])
    }

    /// Context for resolving a bare "$" and "kr".
    public struct Context: Sendable {
        public var language: String
        public var senderDomain: String

        public init(language: String = "", senderDomain: String = "") {
            self.language = language
            self.senderDomain = senderDomain
        }
    }

    public func extract(_ message: Message, context: Context) -> ExtractedFacts {
        extract(Self.sources(of: message), context: context)
    }

    public func extract(_ sources: [Source], context: Context) -> ExtractedFacts {
        var facts = ExtractedFacts()
        var pendingDollars: [Int] = []  // indexes of amounts written with a bare "$"
        var explicitDollarCodes: [String] = []
        let scratch = Regex.Scratch()
        for source in sources where !source.text.isEmpty {
            var text = source.text
            text.withUTF8 { bytes in
                let scan = TextScan(bytes: bytes, source: source, scratch: scratch)
                let found = amounts(scan, context: context)
                for a in found.amounts {
                    if a.currency == "$" { pendingDollars.append(facts.amounts.count) }
                    if ["CAD", "AUD", "MXN", "NZD", "SGD", "HKD"].contains(a.currency) { explicitDollarCodes.append(a.currency) }
                    facts.amounts.append(a)
                }
                let labelled = labelledNumbers(scan, excluding: found.ranges)
                for item in labelled {
                    if item.kind == "invoice" {
                        facts.invoices.append(InvoiceNumber(value: item.value, evidence: item.evidence))
                    } else {
                        facts.references.append(Reference(kind: item.kind, value: item.value, evidence: item.evidence))
                    }
                }
            }
        }
        // A bare "$" means the dollar the mail names elsewhere, or the sender's country's, or USD.
        if !pendingDollars.isEmpty {
            let domainTLD = context.senderDomain.split(separator: ".").last.map { String($0).lowercased() } ?? ""
            let resolved: (String, String)
            if let code = explicitDollarCodes.first {
                resolved = (code, "bare $ read as \(code): the mail names \(code) elsewhere")
            } else if let code = patterns.dollarByDomain[domainTLD] {
                resolved = (code, "bare $ read as \(code): sender domain .\(domainTLD)")
            } else {
                resolved = ("USD", "bare $ read as USD (default)")
            }
            for i in pendingDollars {
                facts.amounts[i].currency = resolved.0
                facts.amounts[i].note = resolved.1
            }
        }
        facts.invoices = unique(facts.invoices) { $0.value }
        facts.references = unique(facts.references) { $0.kind + "\u{0}" + $0.value }
        facts.amounts = unique(facts.amounts) { $0.value + "\u{0}" + $0.currency }
        return facts
    }

    private func unique<T>(_ items: [T], key: (T) -> String) -> [T] {
        var seen = Set<String>()
        return items.filter { seen.insert(key($0)).inserted }
    }

    // MARK: labelled numbers, standalone shapes, IBANs and VAT ids

    struct Found {
        var kind: String
        var value: String
        var range: Range<Int>
        var evidence: Evidence
    }

    private func labelledNumbers(_ scan: TextScan, excluding amountRanges: [Range<Int>]) -> [Found] {
        var found: [Found] = []
        func taken(_ r: Range<Int>) -> Bool {
            found.contains { $0.range.overlaps(r) } || amountRanges.contains { $0.overlaps(r) }
        }
        // IBANs and VAT ids first: their digits must not become other numbers.
        let shapes = BankIdentifiers.shapes(in: scan.bytes)
        for m in shapes.iban ? bank.iban.matches(in: scan.bytes) : []
        where TextBoundary.startsWord(scan.bytes, at: m.range.lowerBound) {
            let value = BankIdentifiers.compact(scan.string(m.range))
            if BankIdentifiers.isValidIBAN(value) { found.append(scan.found("iban", value, m.range)) }
        }
        for m in shapes.vat ? bank.vat.matches(in: scan.bytes) : []
        where !taken(m.range) && TextBoundary.startsWord(scan.bytes, at: m.range.lowerBound) {
            found.append(scan.found("vat", BankIdentifiers.compact(scan.string(m.range)), m.range))
        }
        for (kind, regex) in patterns.standalone {
            for m in regex.matches(in: scan.bytes) where !taken(m.range) {
                found.append(scan.found(kind, scan.string(m.range), m.range))
            }
        }
        for m in patterns.labels.matches(in: scan.bytes) {
            let label = patterns.labelKinds[m.payload]
            var position = m.range.upperBound
            while true {
                guard let g = patterns.gap.anchoredMatch(in: scan.bytes, at: position, scratch: scan.scratch),
                      let n = patterns.number.anchoredMatch(in: scan.bytes, at: g.range.upperBound, scratch: scan.scratch)
                else { break }
                let text = scan.string(n.range)
                guard isNumber(text), !taken(n.range) else { break }
                let value = label.kind == "vat" ? BankIdentifiers.compact(text) : text
                found.append(scan.found(label.kind, value, n.range))
                guard label.plural,
                      let j = patterns.joiner.anchoredMatch(in: scan.bytes, at: n.range.upperBound, scratch: scan.scratch),
                      !j.range.isEmpty else { break }
                position = j.range.upperBound
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Enough digits, and not a date or a time.
    private func isNumber(_ text: String) -> Bool {
        let digits = text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.count
        guard digits >= patterns.minDigits else { return false }
        return !Self.looksLikeDate(text)
    }

    /// 12/03/2024, 2024-03-12, 12.03.2024, 3.3.24: all digits, three fields, a day and a month in range.
    /// Read on bytes: a date is ASCII, where each byte is a character.
    static func looksLikeDate(_ text: String) -> Bool {
        let fields = text.utf8.split(whereSeparator: { $0 == 0x2F || $0 == 0x2E || $0 == 0x2D })
        guard fields.count == 3, fields.allSatisfy({ $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else {
            return false
        }
        let n = fields.compactMap { Int(Substring($0)) }
        guard n.count == 3 else { return false }  // a field too long for an Int is no day, month or year
        let (a, b, c) = (n[0], n[1], n[2])
        if fields[0].count == 4 { return (1...12).contains(b) && (1...31).contains(c) }
        guard fields[2].count == 4 || fields[2].count == 2 else { return false }
        return ((1...31).contains(a) && (1...12).contains(b)) || ((1...12).contains(a) && (1...31).contains(b))
    }

    // MARK: amounts

    private func amounts(_ scan: TextScan, context: Context) -> (amounts: [Amount], ranges: [Range<Int>]) {
        var result: [Amount] = []
        var ranges: [Range<Int>] = []
        let p = patterns
        for a in AmountScanner(patterns: p, scan: scan).amounts(language: context.language) {
            result.append(Amount(value: a.value, currency: a.currency, text: scan.string(a.range).trimmed(),
                                 evidence: scan.evidence(a.range), note: ""))
            ranges.append(a.range)
        }
        let wordAmounts = p.amountWordCurrencies.matches(in: scan.bytes).isEmpty ? [] : p.amountWords.matches(in: scan.bytes)
        for m in wordAmounts where !ranges.contains(where: { $0.overlaps(m.range) }) {
            guard let n = p.amountWords.group(named: "n").flatMap({ m.groups[$0 - 1] }),
                  let c = p.amountWords.group(named: "c").flatMap({ m.groups[$0 - 1] }),
                  let value = NumberWords.value(of: scan.string(n)),
                  let currency = currencyCode(scan.string(c), language: context.language) else { continue }
            result.append(Amount(value: String(value), currency: currency == "$" ? "USD" : currency,
                                 text: scan.string(m.range).trimmed(), evidence: scan.evidence(m.range), note: ""))
            ranges.append(m.range)
        }
        let order = result.indices.sorted { result[$0].evidence.start < result[$1].evidence.start }
        var sorted = order.map { result[$0] }
        let sortedRanges = order.map { ranges[$0] }
        // "fifty euros (€50)": a bracketed amount right after another restates it; it is not negative.
        for k in sorted.indices.dropFirst() where sorted[k].value.hasPrefix("-") && sorted[k].text.hasPrefix("(") {
            let gap = UnsafeBufferPointer(rebasing: scan.bytes[sortedRanges[k - 1].upperBound..<max(sortedRanges[k - 1].upperBound, sortedRanges[k].lowerBound)])
            if gap.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x28 }) { sorted[k].value.removeFirst() }
        }
        return (sorted, sortedRanges)
    }

    private func currencyCode(_ marker: String, language: String) -> String? {
        if let code = patterns.currencySymbols[marker] { return code }
        let folded = ExtractionPatterns.foldWord(marker.trimmed())
        if let code = patterns.currencyWords[folded] { return code }
        let collapsed = folded.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" || $0 == "_" }).joined(separator: " ")
        if let code = patterns.currencyWords[collapsed] { return code }
        if folded.hasSuffix("."), let code = patterns.currencyWords[String(folded.dropLast())] { return code }
        return nil
    }
}

/// A source's bytes with helpers to cut strings and evidence from byte ranges.
struct TextScan {
    let bytes: UnsafeBufferPointer<UInt8>
    let source: FactExtractor.Source
    /// Match data for the anchored regexes run on this source.
    let scratch: Regex.Scratch
    /// The last byte → code point conversion, to count on from.
    let offsets = OffsetMemo()

    final class OffsetMemo {
        var last: (byte: Int, count: Int) = (0, 0)
    }

    func string(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    /// Byte offset → Unicode code point offset; counts on from the last offset asked
    /// for when it can (facts are mostly found in text order).
    func scalarOffset(_ byte: Int) -> Int {
        var (from, count) = offsets.last.byte <= byte ? offsets.last : (0, 0)
        while from < byte {
            if bytes[from] & 0xC0 != 0x80 { count += 1 }
            from += 1
        }
        offsets.last = (byte, count)
        return count
    }

    func evidence(_ r: Range<Int>) -> Evidence {
        let start = scalarOffset(r.lowerBound)
        let length = bytes[r].filter { $0 & 0xC0 != 0x80 }.count
        return Evidence(view: source.view, start: start, end: start + length, index: source.index)
    }

    func found(_ kind: String, _ value: String, _ r: Range<Int>) -> FactExtractor.Found {
        FactExtractor.Found(kind: kind, value: value, range: r, evidence: evidence(r))
    }
}
