import Glibc
import MailModel

/// How mail clients in en, es, fr, de, pt, it and nl mark reply history,
/// forwards and signatures. Matched on case- and diacritic-folded lines.
enum ReplyPatterns {
    /// Folded, trimmed line for matching. Every pattern here is shorter than 300
    /// bytes, so longer lines are not folded (a placeholder keeps them non-empty).
    static func normalizedLine(_ line: Substring) -> String {
        if line.utf8.count > 300 { return "\u{1}" }
        // Folding maps blanks to blanks, scalar by scalar: trimming before it gives the same line
        // without a second copy.
        var f = TextFolding.fold(line.trimmingSpacesAsSubstring())
        // A blank byte at an end after folding: a no-break space became a space, or a dropped mark uncovered a blank.
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        if let a = f.utf8.first, let z = f.utf8.last, isSpace(a) || isSpace(z) { f = f.trimmingSpaces() }
        while let b = f.utf8.first, b == 0x2A || b == 0x5F,  // a byte test before the character tests
              f.hasPrefix("*") || f.hasPrefix("_") && !f.hasPrefix("___") { f.removeFirst() }
        return f
    }

    /// The first character after leading blanks is `>`. Found by bytes: a blank or `>` byte is
    /// its own character unless a non-ASCII scalar follows the `>` (a combining mark can join
    /// it), where the character test decides.
    static func isQuoteLine(_ line: Substring) -> Bool {
        let u = line.utf8
        var i = u.startIndex
        while i < u.endIndex, u[i] == 0x20 || u[i] == 0x09 { i = u.index(after: i) }
        guard i < u.endIndex, u[i] == 0x3E else { return false }
        let next = u.index(after: i)
        if next == u.endIndex || u[next] < 0x80 { return true }
        return line.drop(while: { $0 == " " || $0 == "\t" }).first == ">"
    }

    /// Whether a folded line with these bytes can start a cut, from what the cut tests
    /// (`isForwardMarker`, `isOriginalMessageSeparator`, `isAttribution`, `isHeaderBlock`) need
    /// before any phrase is compared: a dash or underscore first (separators, markers, a `____`
    /// rule) or a colon last (attributions, introductions); a colon after a "From" name (a header
    /// block); an attribution's opening word when the next line holds a colon (wrapped over two lines).
    static func mayStartCut(first: UInt8, second: UInt8, last: UInt8, hasColon: Bool, nextHasColon: Bool) -> Bool {
        if first == 0x2D || first == 0x5F || last == 0x3A { return true }
        if hasColon, fromNameInitials.contains(first) { return true }
        return nextHasColon && attributionPrefixPairs.contains(UInt16(first) << 8 | UInt16(second))
    }

    // MARK: forwards and "original message" separators

    private static let forwardPhrases = [
        "forwarded message", "mensaje reenviado", "message transfere", "weitergeleitete nachricht",
        "mensagem encaminhada", "mensagem reencaminhada", "messaggio inoltrato", "doorgestuurd bericht",
        "forwarded by",
    ]
    private static let forwardIntroductions = [
        "begin forwarded message", "debut du message reexpedie", "anfang der weitergeleiteten nachricht",
        "inicio del mensaje reenviado", "inicio da mensagem reencaminhada", "inizio messaggio inoltrato",
        "begin doorgestuurd bericht",
    ]
    private static let originalPhrases = [
        "original message", "ursprungliche nachricht", "originalnachricht", "original nachricht",
        "message d'origine", "message original", "mensaje original", "mensagem original",
        "messaggio originale", "oorspronkelijk bericht", "origineel bericht",
    ]

    static func isForwardMarker(_ f: String) -> Bool {
        // Both forms need a dash or underscore first or a colon last (bytes those characters start or end with).
        guard let first = f.utf8.first, first == 0x2D || first == 0x5F || f.utf8.last == 0x3A else { return false }
        if let inner = dashDelimited(f), forwardPhrases.contains(where: { inner.hasPrefix($0) }) { return true }
        let bare = withoutTrailingColon(f)
        return bare != f && forwardIntroductions.contains(bare)
    }

    static func isOriginalMessageSeparator(_ f: String) -> Bool {
        guard let inner = dashDelimited(f) else { return false }
        return originalPhrases.contains(inner)
    }

    /// "----- Text -----" → "text"; nil when the line is not dash-delimited.
    private static func dashDelimited(_ f: String) -> String? {
        guard let first = f.utf8.first, first == 0x2D || first == 0x5F, f.hasPrefix("--") || f.hasPrefix("__") else { return nil }
        let inner = f.trimmingCharacters(in: "-_ \t")
        return inner.isEmpty ? nil : inner
    }

    /// The line without a final `:` and the blanks before it (the colon, a character of one
    /// byte, dropped as a byte: `dropLast()` walks the line's characters from the start).
    private static func withoutTrailingColon(_ f: String) -> String {
        guard f.utf8.last == 0x3A, f.hasSuffix(":") else { return f }
        return Substring(f.utf8.dropLast()).trimmingSpaces()
    }

    /// `text.count < limit` without counting characters when the byte count already says so.
    private static func shorter(_ text: String, than limit: Int) -> Bool {
        text.utf8.count < limit || text.count < limit
    }

    /// `text.contains(part)` for an ASCII `part`: a byte search when `text` is ASCII too.
    private static func contains(_ text: String, _ part: StaticString) -> Bool {
        // Each byte of an ASCII line is one character (a line holds no CR LF pair).
        guard text.isASCII else { return text.contains(part.description) }
        let p = UnsafeBufferPointer(start: part.utf8Start, count: part.utf8CodeUnitCount)
        return text.utf8.withContiguousStorageIfAvailable { t in
            guard t.count >= p.count else { return false }
            for start in 0...(t.count - p.count) where t[start] == p[0] {
                if memcmp(t.baseAddress! + start, p.baseAddress!, p.count) == 0 { return true }
            }
            return false
        } ?? text.contains(part.description)
    }

    // MARK: reply attributions

    /// (starts with, ends with before the colon); "" means "any".
    private static let attributions: [(prefix: String, suffix: String)] = [
        ("on ", "wrote"), ("el ", "escribio"), ("le ", "a ecrit"), ("em ", "escreveu"),
        ("il ", "ha scritto"), ("op ", "schreef"),
    ]
    /// Forms with the verb in the middle: "Am <Datum> schrieb <Name>:", "<Name> schrieb am <Datum>:".
    private static let attributionVerbs: [StaticString] = [" schrieb ", " schreef ", " escribio ", " ecrivait ", " wrote "]
    private static let attributionVerbEndings = ["wrote", "escribio", "a ecrit", "schrieb", "schreef",
                                                 "escreveu", "ha scritto", "scrisse"]

    static func isAttribution(_ folded: TextViewSplitter.FoldedLines, at i: Int) -> Bool {
        let f = folded[i]
        if matchesAttribution(f) { return true }
        // Wrapped over two lines by the sender's client.
        if i + 1 < folded.count, startsAttribution(f),
           !folded[i + 1].isEmpty, shorter(f, than: 200),
           matchesAttribution(f + " " + folded[i + 1]) {
            return true
        }
        // "Jane Doe wrote:" with quoted lines right after.
        let bare = withoutTrailingColon(f)
        if bare != f, shorter(f, than: 120), attributionVerbEndings.contains(where: { bare.hasSuffix($0) }) {
            var next = i + 1
            while next < folded.count, folded[next].isEmpty { next += 1 }
            if next < folded.count, folded[next].hasPrefix(">") { return true }
        }
        return false
    }

    /// `attributions.contains { f.hasPrefix($0.prefix) } || f.hasPrefix("am ")`, with the
    /// prefixes' first two bytes tested first (each prefix is a two-letter word and a space).
    private static func startsAttribution(_ f: String) -> Bool {
        var u = f.utf8.makeIterator()
        guard let a = u.next(), let b = u.next() else { return false }
        let pair = UInt16(a) << 8 | UInt16(b)
        guard attributionPrefixPairs.contains(pair) else { return false }
        return attributions.contains(where: { f.hasPrefix($0.prefix) }) || f.hasPrefix("am ")
    }

    private static let attributionPrefixPairs: [UInt16] = (attributions.map(\.prefix) + ["am "]).map { p in
        let u = Array(p.utf8)
        return UInt16(u[0]) << 8 | UInt16(u[1])
    }

    private static func matchesAttribution(_ f: String) -> Bool {
        guard f.utf8.last == 0x3A, f.hasSuffix(":"), shorter(f, than: 300) else { return false }
        let hasDigitOrAt = f.isASCII ? f.utf8.contains { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x40 }
            : f.contains(where: { $0.isNumber || $0 == "@" })
        guard hasDigitOrAt else { return false }
        let bare = withoutTrailingColon(f)
        for (prefix, suffix) in attributions where bare.hasPrefix(prefix) && bare.hasSuffix(suffix) { return true }
        if bare.hasPrefix("am ") || bare.hasPrefix("op ") || bare.hasPrefix("le ") {
            if attributionVerbs.contains(where: { contains(bare, $0) }) { return true }
        }
        return contains(bare, " schrieb am ") || contains(bare, " schreef op ") || contains(bare, " a ecrit le ")
    }

    // MARK: Outlook header blocks

    private static let fromNames: Set<String> = ["from", "von", "de", "da", "van", "expediteur", "remetente", "mittente"]
    private static let fromNameInitials = Set(fromNames.compactMap(\.utf8.first))
    private static let otherHeaderNames: Set<String> = [
        "sent", "date", "to", "cc", "bcc", "subject", "reply-to", "importance",
        "gesendet", "datum", "an", "betreff", "kopie", "gesendet am",
        "envoye", "a", "objet", "envoye le",
        "enviado", "enviado el", "fecha", "para", "asunto",
        "enviada em", "enviado em", "data", "assunto",
        "inviato", "oggetto", "inviato il",
        "verzonden", "aan", "onderwerp", "verzonden op", "verstuurd",
    ]

    /// Name of a `Name: value` line (folded), nil when the line is not one.
    private static func headerName(_ f: String) -> String? {
        guard let colon = firstColon(f) else { return nil }
        let name = f[..<colon].trimmingSpaces()
        guard !name.isEmpty, name.utf8.count <= 16 || name.count <= 16 else { return nil }
        return name
    }

    /// `f.firstIndex(of: ":")` without walking the line's characters: the first `:` byte,
    /// which is a character of its own unless a non-ASCII scalar is next to it (a combining
    /// mark after it, a prepended mark before it): then the character search decides.
    private static func firstColon(_ f: String) -> String.Index? {
        let u = f.utf8
        guard let colon = firstByte(0x3A, in: u) else { return nil }
        let next = u.index(after: colon)
        let asciiAfter = next == u.endIndex || u[next] < 0x80
        let asciiBefore = colon == u.startIndex || u[u.index(before: colon)] < 0x80
        return asciiAfter && asciiBefore ? colon : f.firstIndex(of: ":")
    }

    /// `u.firstIndex(of: byte)` by memchr (the generic search steps through string indices).
    private static func firstByte(_ byte: UInt8, in u: String.UTF8View) -> String.Index? {
        let offset = u.withContiguousStorageIfAvailable { b -> Int in
            guard let base = b.baseAddress, let p = memchr(base, Int32(byte), b.count) else { return -1 }
            return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
        guard let offset else { return u.firstIndex(of: byte) }
        return offset < 0 ? nil : u.index(u.startIndex, offsetBy: offset)
    }

    static func isHeaderBlock(_ folded: TextViewSplitter.FoldedLines, at i: Int) -> Bool {
        var start = i
        if folded[i].hasPrefix("____"), folded[i].allSatisfy({ $0 == "_" }) {
            guard i + 1 < folded.count else { return false }
            start = i + 1
        }
        guard let name = headerName(folded[start]), fromNames.contains(name) else { return false }
        var j = start + 1
        var seen = 0
        while j < folded.count, j <= start + 4 {
            if folded[j].isEmpty { j += 1; continue }
            guard let other = headerName(folded[j]), otherHeaderNames.contains(other) else { break }
            seen += 1
            j += 1
        }
        return seen >= 1
    }

    // MARK: signatures

    static func isSignatureDelimiter(_ line: Substring) -> Bool {
        line == "-- " || line == "--" || line == "-- \r"
    }

    private static let mobileFooters = [
        "sent from my ", "sent from outlook", "get outlook for ", "sent from mail for windows",
        "enviado desde mi ", "enviado desde outlook", "envoye de mon ", "envoye depuis ",
        "von meinem ", "gesendet von meinem ", "gesendet mit ", "enviado do meu ", "enviado a partir do ",
        "inviato da ", "inviato dal mio ", "verzonden met ", "verstuurd vanaf mijn ", "verzonden vanaf mijn ",
    ]

    /// The first bytes mobile footers start with: a folded line starting otherwise is none.
    private static let mobileFooterInitials = Set(mobileFooters.compactMap(\.utf8.first))

    static func mayStartMobileFooter(_ firstByte: UInt8) -> Bool {
        mobileFooterInitials.contains(firstByte)
    }

    static func isMobileFooter(_ f: String) -> Bool {
        mobileFooters.contains(where: { f.hasPrefix($0) }) && f.count < 70
    }

    /// Closing formulas, folded. Longer phrases first so "best regards" wins over "best".
    static let signOffs: [String] = [
        "with kind regards", "with best regards", "kind regards", "best regards", "warm regards", "many thanks",
        "thanks in advance", "thanks again", "yours sincerely", "yours faithfully", "thank you", "regards",
        "thanks", "cheers", "sincerely", "best", "respectfully", "best wishes", "all the best", "yours truly",
        "kindest regards", "warmest regards", "many thanks in advance",
        "un saludo", "un cordial saludo", "saludos cordiales", "reciba un cordial saludo", "saludos", "atentamente", "gracias", "muchas gracias",
        "bien cordialement", "cordialement", "sinceres salutations", "meilleures salutations", "amicalement", "salutations", "bien a vous", "merci", "merci d'avance",
        "mit freundlichen grussen", "mit freundlichem gruss", "freundliche grusse", "viele grusse",
        "beste grusse", "liebe grusse", "herzliche grusse", "schone grusse", "mfg", "vg", "lg", "gruss", "grusse", "vielen dank", "danke",
        "atenciosamente", "cumprimentos", "melhores cumprimentos", "com os melhores cumprimentos", "abraco",
        "abracos", "um abraco", "obrigado", "obrigada", "att",
        "cordiali saluti", "distinti saluti", "saluti", "un saluto", "un caro saluto", "cordialmente", "grazie", "grazie mille",
        "met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet", "groeten", "groetjes",
        "hartelijke groet", "hartelijke groeten", "groet", "mvg", "bedankt",
    ].sorted { $0.utf8.count > $1.utf8.count }  // all ASCII: bytes are Characters (counting Characters cost deliver 0.9M instructions)

    static func isSignOff(_ line: Substring, folded: String) -> Bool {
        let original = line.trimmingSpaces()
        guard !original.isEmpty, original.count < 40 else { return false }
        let f = folded.replacingGerman()
        for phrase in signOffs where f.hasPrefix(phrase) {
            let rest = f.dropFirst(phrase.count)
            if rest.isEmpty { return true }
            guard let first = rest.first, first == "," || first == "." || first == "!" || first == " " else { continue }
            if rest.allSatisfy({ ",.! ".contains($0) }) { return true }
            // A name may follow on the same line: at most three capitalised words.
            let phraseWords = phrase.split(separator: " ").count
            let nameWords = original.split(whereSeparator: { $0 == " " || $0 == "," })
                .dropFirst(phraseWords)
                .map { $0.trimmingCharacters(in: ",.!") }
                .filter { !$0.isEmpty }
            return !nameWords.isEmpty && nameWords.count <= 3
                && nameWords.allSatisfy { $0.first.map { $0.isUppercase } ?? false }
        }
        return false
    }
}

private extension String {
    /// "grüße" folds to "grusse" but customers also type "gruesse": fold that too.
    func replacingGerman() -> String {
        guard contains("ue") || contains("oe") || contains("ae") else { return self }
        var s = self
        for (from, to) in [("gruesse", "grusse"), ("gruess", "gruss"), ("fuer", "fur")] {
            s = s.replacing(from, with: to)
        }
        return s
    }
}
