import TextMatching

/// Finds payment-card numbers (13-19 digits, spaces or dashes allowed, a card
/// network prefix, passing Luhn) and masks all but the last four digits:
/// "4111 1111 1111 1111" → "**** **** **** 1111".
public struct CardRedactor: Sendable {
    private let candidates: Regex

    public init() {
        candidates = Self.pattern
    }

    /// Compiled once per process: `batch` makes a redactor for every message it stores, and
    /// compiling the pattern (with its JIT code) cost more than redacting the raw bytes.
    // try! is safe: the pattern is a literal checked by the tests.
    private static let pattern = try! Regex("(?<![\\d+])\\d(?:[ -]?\\d){12,18}(?![\\d])")

    /// The text with every card number masked, and how many were found.
    public func redact(_ text: String) -> (text: String, count: Int) {
        guard Self.hasLongDigitRun(text) else { return (text, 0) }
        var bytes = Array(text.utf8)
        let count = mask(&bytes)
        return count == 0 ? (text, 0) : (String(decoding: bytes, as: UTF8.self), count)
    }

    /// Cheap pre-check: 13 digits in a row, allowing one space or dash between them.
    static func hasLongDigitRun(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8(hasLongDigitRun)
    }

    static func hasLongDigitRun(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var run = 0
        var lastWasSeparator = false
        var i = 0
        let n = bytes.count
        while i < n {
            // Eight bytes without a digit end any run (one separator at most is allowed): skip them
            // at once. A byte is a digit when it XOR "0" is under 10; the word test is exact.
            if i + 8 <= n, let base = bytes.baseAddress {
                let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ 0x3030_3030_3030_3030
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                if (x &- ones &* 10) & ~x & highs == 0 {
                    run = 0
                    lastWasSeparator = false
                    i += 8
                    continue
                }
            }
            let b = bytes[i]
            i += 1
            if b >= 0x30 && b <= 0x39 {
                run += 1
                lastWasSeparator = false
                if run >= 13 { return true }
            } else if (b == 0x20 || b == 0x2D) && run > 0 && !lastWasSeparator {
                lastWasSeparator = true
            } else {
                run = 0
                lastWasSeparator = false
            }
        }
        return false
    }

    /// The raw message with card numbers masked (in the bytes as written: a card
    /// inside base64 or quoted-printable is not visible here, only in the decoded views).
    public func redactRaw(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        guard out.withUnsafeBufferPointer(Self.hasLongDigitRun), mask(&out) > 0 else { return bytes }
        return out
    }

    /// Masks card numbers in place, byte for byte (the bytes need not be valid UTF-8); returns how many.
    @discardableResult
    func mask(_ bytes: inout [UInt8]) -> Int {
        var count = 0
        // The pattern only matches inside a long digit run and looks one byte past either end:
        // it runs on those windows, not over the whole text (a raw message with an attachment
        // cost hundreds of thousands of instructions that way).
        let found: [Range<Int>] = bytes.withUnsafeBufferPointer { buf in
            Self.digitRunWindows(buf).flatMap { window in
                candidates.matches(in: UnsafeBufferPointer(rebasing: buf[window])).map {
                    ($0.range.lowerBound + window.lowerBound)..<($0.range.upperBound + window.lowerBound)
                }
            }
        }
        for range in found {
            let digits = bytes[range].filter { $0 >= 0x30 && $0 <= 0x39 }.map { Int($0 - 0x30) }
            guard (13...19).contains(digits.count), Self.hasNetworkPrefix(digits), Self.luhn(digits) else { continue }
            var seen = 0
            for i in range where bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                seen += 1
                if seen <= digits.count - 4 { bytes[i] = 0x2A }  // '*'
            }
            count += 1
        }
        return count
    }

    /// Each maximal run of digits (one space or dash allowed between two of them) that holds
    /// at least 13 digits, with the byte before and the byte after it.
    static func digitRunWindows(_ s: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var windows: [Range<Int>] = []
        let n = s.count
        var i = 0
        while i < n {
            guard isDigit(s[i]) else { i += 1; continue }
            let start = i
            var digits = 1
            var end = i + 1  // past the last digit
            var j = i + 1
            while j < n {
                if isDigit(s[j]) {
                    digits += 1
                    j += 1
                    end = j
                } else if s[j] == 0x20 || s[j] == 0x2D, j + 1 < n, isDigit(s[j + 1]) {
                    j += 1
                } else {
                    break
                }
            }
            if digits >= 13 { windows.append(max(0, start - 1)..<min(n, end + 1)) }
            i = end
        }
        return windows
    }

    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            if i % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }

    /// Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro.
    static func hasNetworkPrefix(_ d: [Int]) -> Bool {
        guard d.count >= 4 else { return false }
        let two = d[0] * 10 + d[1]
        let four = two * 100 + d[2] * 10 + d[3]
        switch d[0] {
        case 4: return true
        case 5: return (50...59).contains(two)
        case 2: return (2221...2720).contains(four)
        case 3: return two == 34 || two == 37 || two == 36 || two == 38 || two == 30 || (3528...3589).contains(four)
        case 6: return true
        default: return false
        }
    }
}

import MailModel

extension CardRedactor {
    /// The message with card numbers masked in every text it carries: headers,
    /// subject, body, views, forwarded messages and attachment names.
    /// Headers that carry identifiers and trace data, not text a person wrote: their
    /// long digit runs are ids, and rewriting a Message-ID would break threading.
    static let structuralHeaders: Set<String> = [
        "message-id", "in-reply-to", "references", "received", "date", "return-path", "mime-version",
        "content-type", "content-transfer-encoding", "content-id", "dkim-signature", "domainkey-signature",
        "arc-seal", "arc-message-signature", "arc-authentication-results", "authentication-results",
        "received-spf", "x-received", "x-google-dkim-signature", "x-gm-message-state", "list-id",
    ]

    /// The message is consumed: a caller handing over its last copy gets its texts changed in place
    /// (no copy of the message, nor of an array of its texts, to make).
    public func redact(_ message: consuming Message) -> (message: Message, count: Int) {
        var total = 0
        /// The redacted text when it had a card number (nil: leave it alone, so shared
        /// storage is not copied); `counted` is false for texts derived from others.
        func r(_ s: String, counted: Bool = true) -> String? {
            guard Self.hasLongDigitRun(s) else { return nil }
            let result = redact(s)
            guard result.count > 0 else { return nil }
            if counted { total += result.count }
            return result.text
        }
        for i in message.headers.indices where !Self.structuralHeaders.contains(message.headers[i].name.lowercased()) {
            if let v = r(message.headers[i].value, counted: false) { message.headers[i].value = v }
            if let v = r(message.headers[i].rawValue, counted: false) { message.headers[i].rawValue = v }
        }
        if let v = r(message.subject) { message.subject = v }
        if let v = r(message.body.text) {
            message.body.text = v
            // The first three views are cut from the body: they can only hold cards when it does.
            if let w = r(message.views.newText, counted: false) { message.views.newText = w }
            if let w = r(message.views.quoted, counted: false) { message.views.quoted = w }
            if let w = r(message.views.signature, counted: false) { message.views.signature = w }
        }
        if let v = r(message.views.forwarded, counted: false) { message.views.forwarded = v }
        for i in message.forwarded.indices {
            if let v = r(message.forwarded[i].subject) { message.forwarded[i].subject = v }
            if let v = r(message.forwarded[i].text) { message.forwarded[i].text = v }
        }
        for i in message.attachments.indices {
            if let v = r(message.attachments[i].filename) { message.attachments[i].filename = v }
        }
        return (consume message, total)
    }
}
