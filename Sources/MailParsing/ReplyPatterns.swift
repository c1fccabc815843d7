import MailModel

/// How mail clients in en, es, fr, de, pt, it and nl mark reply history,
/// forwards and signatures. Matched on case- and diacritic-folded lines.
enum ReplyPatterns {
    /// Folded, trimmed line for matching. Every pattern here is shorter than 300
    /// bytes, so longer lines are not folded (a placeholder keeps them non-empty).
    static func normalizedLine(_ line: Substring) -> String {
        if line.utf8.count > 300 { return "\u{1}" }
        var f = TextFolding.fold(line).trimmingSpaces()
        while let b = f.utf8.first, b == 0x2A || b == 0x5F,  // a byte test before the character tests
              f.hasPrefix("*") || f.hasPrefix("_") && !f.hasPrefix("___") { f.removeFirst() }
        return f
    }

    static func isQuoteLine(_ line: Substring) -> Bool {
        line.drop(while: { $0 == " " || $0 == "\t" }).first == ">"
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
        guard f.hasPrefix("--") || f.hasPrefix("__") else { return nil }
        let inner = f.trimmingCharacters(in: "-_ \t")
        return inner.isEmpty ? nil : inner
    }

    private static func withoutTrailingColon(_ f: String) -> String {
        guard f.hasSuffix(":") else { return f }
        return String(f.dropLast()).trimmingSpaces()
    }

    // MARK: reply attributions

    /// (starts with, ends with before the colon); "" means "any".
    private static let attributions: [(prefix: String, suffix: String)] = [
        ("on ", "wrote"), ("el ", "escribio"), ("le ", "a ecrit"), ("em ", "escreveu"),
        ("il ", "ha scritto"), ("op ", "schreef"),
    ]
    /// Forms with the verb in the middle: "Am <Datum> schrieb <Name>:", "<Name> schrieb am <Datum>:".
    private static let attributionVerbs = [" schrieb ", " schreef ", " escribio ", " ecrivait ", " wrote "]
    private static let attributionVerbEndings = ["wrote", "escribio", "a ecrit", "schrieb", "schreef",
                                                 "escreveu", "ha scritto", "scrisse"]

    static func isAttribution(_ folded: TextViewSplitter.FoldedLines, at i: Int) -> Bool {
        let f = folded[i]
        if matchesAttribution(f) { return true }
        // Wrapped over two lines by the sender's client.
        if i + 1 < folded.count, !folded[i + 1].isEmpty,
           attributions.contains(where: { f.hasPrefix($0.prefix) }) || f.hasPrefix("am "), f.count < 200,
           matchesAttribution(f + " " + folded[i + 1]) {
            return true
        }
        // "Jane Doe wrote:" with quoted lines right after.
        let bare = withoutTrailingColon(f)
        if bare != f, f.count < 120, attributionVerbEndings.contains(where: { bare.hasSuffix($0) }) {
            var next = i + 1
            while next < folded.count, folded[next].isEmpty { next += 1 }
            if next < folded.count, folded[next].hasPrefix(">") { return true }
        }
        return false
    }

    private static func matchesAttribution(_ f: String) -> Bool {
        guard f.hasSuffix(":"), f.count < 300, f.contains(where: { $0.isNumber || $0 == "@" }) else { return false }
        let bare = withoutTrailingColon(f)
        for (prefix, suffix) in attributions where bare.hasPrefix(prefix) && bare.hasSuffix(suffix) { return true }
        if bare.hasPrefix("am ") || bare.hasPrefix("op ") || bare.hasPrefix("le ") {
            if attributionVerbs.contains(where: { bare.contains($0) }) { return true }
        }
        return bare.contains(" schrieb am ") || bare.contains(" schreef op ") || bare.contains(" a ecrit le ")
    }

    // MARK: Outlook header blocks

    private static let fromNames: Set<String> = ["from", "von", "de", "da", "van", "expediteur", "remetente", "mittente"]
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
        guard let colon = u.firstIndex(of: 0x3A) else { return nil }
        let next = u.index(after: colon)
        let asciiAfter = next == u.endIndex || u[next] < 0x80
        let asciiBefore = colon == u.startIndex || u[u.index(before: colon)] < 0x80
        return asciiAfter && asciiBefore ? colon : f.firstIndex(of: ":")
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

    static func isMobileFooter(_ f: String) -> Bool {
        mobileFooters.contains(where: { f.hasPrefix($0) }) && f.count < 70
    }

    /// Closing formulas, folded. Longer phrases first so "best regards" wins over "best".
    private static let signOffs: [String] = [
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
    ].sorted { $0.count > $1.count }

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
