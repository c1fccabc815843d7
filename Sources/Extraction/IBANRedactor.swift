import TextMatching

/// Masks every valid IBAN in a text but its country code and last four
/// characters ("DE89 3704 0044 0532 0130 00" → "DE** **** **** **** **30 00"),
/// for text we send back out (acknowledgement subjects).
public struct IBANRedactor: Sendable {
    private let bank = BankIdentifiers.shared

    public init() {}

    public func redact(_ text: String) -> String {
        guard text.utf8.count >= 15 else { return text }
        var bytes = Array(text.utf8)
        var changed = false
        for m in bank.iban.matches(in: text) {
            let value = String(decoding: bytes[m.range], as: UTF8.self)
            guard BankIdentifiers.isValidIBAN(BankIdentifiers.compact(value)) else { continue }
            var significant = m.range.filter { bytes[$0] != 0x20 }
            significant.removeLast(min(4, significant.count))
            for i in significant.dropFirst(2) { bytes[i] = 0x2A }
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }
}
