import Extraction
import MailModel
import RuleLanguage

/// Turns a message into the features the naive Bayes model counts: folded
/// words (case and accents removed) and bigrams of the subject and the new
/// text, with extracted facts replaced by class tokens (`<AMOUNT>`,
/// `<INVOICE>`, `<REF:order>` …) so the model learns "an amount was
/// mentioned", not the amount; numbers become `<NUM>`. Each feature counts
/// once per message.
public struct BayesTokenizer: Sendable {
    public init() {}

    /// The features by name (training, `learn`, `explain`).
    public func features(message: Message, facts: ExtractedFacts, language: String,
                         automated: AutomatedKind?) -> Set<String> {
        names(message: message, facts: facts, automated: automated).names
    }

    /// The same, each once in the order found (the order `hashedFeatures` gives): what scoring a
    /// message by name sums over. A set's order follows the process's hash seed, and a sum of
    /// logarithms in that order differed in its last bits from run to run.
    public func orderedFeatures(message: Message, facts: ExtractedFacts, language: String,
                                automated: AutomatedKind?) -> [String] {
        names(message: message, facts: facts, automated: automated).ordered
    }

    private func names(message: Message, facts: ExtractedFacts, automated: AutomatedKind?) -> NameSink {
        var sink = NameSink()
        // About three features a word, a word in about six bytes: reserving spares the rehashing as the set grows.
        sink.names.reserveCapacity((message.subject.utf8.count + message.views.newText.utf8.count) / 2 + 8)
        walk(message: message, facts: facts, automated: automated, into: &sink)
        return sink
    }

    /// The same features as `features`, each as the `hash` of its name, without making a string
    /// of any: what scoring a message against a loaded model needs. Each once, in the order found.
    public func hashedFeatures(message: Message, facts: ExtractedFacts, language: String,
                               automated: AutomatedKind?) -> [UInt64] {
        let estimate = (message.subject.utf8.count + message.views.newText.utf8.count) / 2 + 8
        var sink = HashSink(seen: FeatureTable(minimumCapacity: estimate))
        sink.hashes.reserveCapacity(estimate)
        walk(message: message, facts: facts, automated: automated, into: &sink)
        return sink.hashes
    }

    /// FNV-1a (64 bits) of a feature's name, never 0 (`FeatureTable` keeps 0 for empty slots).
    public static func hash(_ name: String) -> UInt64 {
        var copy = name
        return copy.withUTF8 { hash(utf8: $0) }
    }

    /// The same for a name given as its UTF-8 bytes.
    public static func hash(utf8 name: UnsafeBufferPointer<UInt8>) -> UInt64 { finished(fnv(fnvOffset, name)) }

    private static let fnvOffset: UInt64 = 0xcbf29ce484222325

    /// FNV-1a continued over `bytes` from `state`: the state after a name's start hashes every name with that start.
    private static func fnv(_ state: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = state
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    private static func fnv(_ state: UInt64, _ byte: UInt8) -> UInt64 { (state ^ UInt64(byte)) &* 0x100000001b3 }

    private static func finished(_ state: UInt64) -> UInt64 { state == 0 ? 1 : state }

    /// What the walk finds, feature by feature; each sink names them its own way. A feature's
    /// name is the view's prefix, then the word, `~` and the stem, or the two words joined by `_`;
    /// flags have no prefix.
    private protocol FeatureSink {
        /// What a bigram needs of the word before.
        associatedtype Word
        mutating func begin(prefix: String)
        mutating func word(_ token: UnsafeBufferPointer<UInt8>) -> Word
        mutating func stem(_ letters: UnsafeBufferPointer<UInt8>)
        mutating func bigram(_ previous: Word, _ token: UnsafeBufferPointer<UInt8>)
        mutating func flag(_ name: String)
    }

    private struct NameSink: FeatureSink {
        var names = Set<String>()
        /// The names, each once, in the order found.
        var ordered: [String] = []
        var prefix = ""
        mutating func insert(_ name: String) { if names.insert(name).inserted { ordered.append(name) } }
        mutating func begin(prefix: String) { self.prefix = prefix }
        mutating func word(_ token: UnsafeBufferPointer<UInt8>) -> String {
            let name = prefix + String(decoding: token, as: UTF8.self)
            insert(name)
            return name
        }
        mutating func stem(_ letters: UnsafeBufferPointer<UInt8>) { insert(prefix + "~" + String(decoding: letters, as: UTF8.self)) }
        mutating func bigram(_ previous: String, _ token: UnsafeBufferPointer<UInt8>) {
            insert(previous + "_" + String(decoding: token, as: UTF8.self))
        }
        mutating func flag(_ name: String) { insert(name) }
    }

    /// Hashes the names as they would be spelled, carrying the hash of the prefix and of the word
    /// before instead of the bytes.
    private struct HashSink: FeatureSink {
        var seen: FeatureTable
        var hashes: [UInt64] = []
        mutating func append(_ hash: UInt64) { if seen.insert(hash) { hashes.append(hash) } }
        var prefixState = BayesTokenizer.fnvOffset, stemState = BayesTokenizer.fnvOffset
        mutating func begin(prefix: String) {
            var prefix = prefix
            prefixState = prefix.withUTF8 { BayesTokenizer.fnv(BayesTokenizer.fnvOffset, $0) }
            stemState = BayesTokenizer.fnv(prefixState, UInt8(ascii: "~"))
        }
        mutating func word(_ token: UnsafeBufferPointer<UInt8>) -> UInt64 {
            let state = BayesTokenizer.fnv(prefixState, token)
            append(BayesTokenizer.finished(state))
            return state
        }
        mutating func stem(_ letters: UnsafeBufferPointer<UInt8>) { append(BayesTokenizer.finished(BayesTokenizer.fnv(stemState, letters))) }
        mutating func bigram(_ previous: UInt64, _ token: UnsafeBufferPointer<UInt8>) {
            let state = BayesTokenizer.fnv(BayesTokenizer.fnv(previous, UInt8(ascii: "_")), token)
            append(BayesTokenizer.finished(state))
        }
        mutating func flag(_ name: String) { append(BayesTokenizer.hash(name)) }
    }

    private func walk<Sink: FeatureSink>(message: Message, facts: ExtractedFacts, automated: AutomatedKind?, into sink: inout Sink) {
        add(text: message.subject, view: .subject, prefix: "s:", facts: facts, into: &sink)
        add(text: message.views.newText, view: .newText, prefix: "", facts: facts, into: &sink)
        if !message.views.quoted.isEmpty { sink.flag("#quoted") }
        if !message.attachments.isEmpty { sink.flag("#attachment") }
        if let automated { sink.flag("#automated:\(automated.rawValue)") }
    }

    private func add<Sink: FeatureSink>(text: String, view: Evidence.View, prefix: String, facts: ExtractedFacts, into sink: inout Sink) {
        guard !text.isEmpty else { return }
        sink.begin(prefix: prefix)
        // Code-point ranges of facts in this view, with their class token.
        var spans: [(Range<Int>, [UInt8])] = []
        for i in facts.invoices where i.evidence.view == view { spans.append((i.evidence.start..<i.evidence.end, Array("<INVOICE>".utf8))) }
        for a in facts.amounts where a.evidence.view == view { spans.append((a.evidence.start..<a.evidence.end, Array("<AMOUNT>".utf8))) }
        for r in facts.references where r.evidence.view == view {
            spans.append((r.evidence.start..<r.evidence.end, Array("<REF:\(r.kind)>".utf8)))
        }
        var token: [UInt8] = [], previous: [UInt8] = []
        token.reserveCapacity(32)
        previous.reserveCapacity(32)
        var previousWord: Sink.Word? = nil
        var copy = text
        copy.withUTF8 { bytes in
            var i = 0
            var position = 0          // code points before `i`
            let n = bytes.count
            while i < n {
                // Skip to the next word character, ending bigrams at sentence marks.
                let b = bytes[i]
                if b < 0x80 && !Self.isWordByte(b) {
                    if b == 0x2E || b == 0x3F || b == 0x21 || b == 0x0A { previousWord = nil }
                    i += 1
                    position += 1
                    continue
                }
                if b >= 0x80 && !Self.isWordScalar(bytes, i) {
                    i += Self.width(b)
                    position += 1
                    continue
                }
                let start = i, startPosition = position
                var allDigits = true, ascii = true
                while i < n {
                    let c = bytes[i]
                    if c < 0x80 {
                        guard Self.isWordByte(c) else { break }
                        if c < 0x30 || c > 0x39 { allDigits = false }
                        i += 1
                    } else {
                        guard Self.isWordScalar(bytes, i) else { break }
                        allDigits = false
                        ascii = false
                        i += Self.width(c)
                    }
                    position += 1
                }
                let range = startPosition..<position
                token.removeAll(keepingCapacity: true)
                if let span = spans.first(where: { $0.0.overlaps(range) }) {
                    token.append(contentsOf: span.1)
                } else if allDigits {
                    token.append(contentsOf: Self.number)
                } else {
                    if ascii {
                        // Folding ASCII is lower-casing it.
                        token.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                        token.withUnsafeMutableBufferPointer { t in
                            for k in t.indices where t[k] >= 0x41 && t[k] <= 0x5A { t[k] |= 0x20 }
                        }
                    } else {
                        token.append(contentsOf: TextFolding.fold(utf8: UnsafeBufferPointer(rebasing: bytes[start..<i])).utf8)
                    }
                    if token.count < 2 { previousWord = nil; continue }
                }
                if previousWord != nil && token == previous { continue }
                // The sink reads the token in place (a slice of it would be a retain and a release).
                let word = token.withUnsafeBufferPointer { t in
                    let word = sink.word(t)
                    // A crude stem (the first five letters of words of six or more) lets "refunded", "refunds"
                    // and "refund" share evidence, and inflections and typos in all seven languages.
                    if t.count > 5, t[0] != UInt8(ascii: "<") {
                        if t[..<6].allSatisfy({ $0 < 0x80 }) {
                            sink.stem(UnsafeBufferPointer(rebasing: t[..<5]))  // ASCII letters are one grapheme each
                        } else {
                            var stem = String(String(decoding: t, as: UTF8.self).prefix(5))
                            stem.withUTF8 { sink.stem($0) }
                        }
                    }
                    if let previousWord { sink.bigram(previousWord, t) }
                    return word
                }
                swap(&previous, &token)
                previousWord = word
            }
        }
    }

    private static let number = Array("<NUM>".utf8)

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) || b == 0x27
    }

    private static func width(_ b: UInt8) -> Int {
        b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
    }

    /// A non-ASCII letter or digit at `i` (Latin letters without a table lookup).
    private static func isWordScalar(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b = s[i]
        var v = UInt32(b), len = 1
        if b >= 0xF0 { v &= 0x07; len = 4 } else if b >= 0xE0 { v &= 0x0F; len = 3 } else if b >= 0xC0 { v &= 0x1F; len = 2 } else { return false }
        var k = 1
        while k < len, i + k < s.count { v = v << 6 | UInt32(s[i + k] & 0x3F); k += 1 }
        if v >= 0xC0 && v <= 0x24F { return v != 0xD7 && v != 0xF7 }
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
