/// HTML to readable plain text for HTML-only mail.
///
/// Block elements become line breaks, `<li>` a "- " item, table cells are
/// separated by spaces, entities are decoded, `script`/`style`/`head` are
/// dropped, and `<blockquote>` content is prefixed with "> " so the text-view
/// splitter sees it as quoted history. Whitespace collapses as a browser would.
enum HTMLText {
    static func convert(_ html: String) -> String {
        var out = Output()
        let u = Array(html.utf8)
        var i = 0
        let n = u.count
        var skipUntil: [UInt8]? = nil   // closing tag name of script/style/head/title being skipped
        var preDepth = 0
        while i < n {
            let c = u[i]
            if c == 0x3C {  // <
                if let close = skipUntil {
                    if let end = closingTagEnd(u, at: i, name: close) { skipUntil = nil; i = end } else { i += 1 }
                    continue
                }
                if matches(u, i, "<!--") {
                    i = find(u, from: i + 4, "-->").map { $0 + 3 } ?? n
                    continue
                }
                guard let tag = parseTag(u, at: i) else {
                    out.text(0x3C, pre: preDepth > 0)
                    i += 1
                    continue
                }
                i = tag.end
                switch tag.name {
                case "script", "style", "head", "title", "noscript", "template":
                    if !tag.closing && !tag.selfClosing { skipUntil = Array(tag.name.utf8) }
                case "br":
                    out.newline()
                case "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "hr", "address", "figure":
                    out.blockBreak(paragraph: true)
                case "div", "section", "article", "header", "footer", "center", "form", "fieldset", "tr",
                     "dt", "dd", "main", "nav", "aside", "caption", "tbody", "thead", "tfoot", "body", "html":
                    out.blockBreak()
                case "li":
                    out.blockBreak()
                    if !tag.closing { out.literal("- ") }
                case "td", "th":
                    if !tag.closing { out.cellSeparator() }
                case "pre":
                    out.blockBreak(paragraph: true)
                    preDepth += tag.closing ? -1 : 1
                    preDepth = max(0, preDepth)
                case "blockquote":
                    out.blockBreak(paragraph: true)
                    out.quoteDepth += tag.closing ? -1 : 1
                    out.quoteDepth = max(0, out.quoteDepth)
                case "img":
                    if let alt = tag.alt, !alt.isEmpty { out.literalText(alt) }
                default:
                    break
                }
                continue
            }
            if skipUntil != nil { i += 1; continue }
            if c == 0x26, let (decoded, end) = HTMLEntities.decode(u, at: i) {  // &
                for b in decoded { out.text(b, pre: preDepth > 0) }
                i = end
                continue
            }
            out.text(c, pre: preDepth > 0)
            i += 1
        }
        return out.finish()
    }

    private struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var end: Int
        var alt: String?
    }

    private static func parseTag(_ u: [UInt8], at start: Int) -> Tag? {
        var j = start + 1
        let n = u.count
        var closing = false
        if j < n, u[j] == 0x2F { closing = true; j += 1 }
        if j < n, u[j] == 0x21 || u[j] == 0x3F {  // <!DOCTYPE …>, <?xml …?>, <![CDATA[…]]>
            guard let gt = find(u, from: j, ">") else { return nil }
            return Tag(name: "!", closing: false, selfClosing: true, end: gt + 1, alt: nil)
        }
        let nameStart = j
        while j < n, isNameByte(u[j]) { j += 1 }
        guard j > nameStart else { return nil }
        let name = String(decoding: u[nameStart..<j], as: UTF8.self).lowercased()
        // Find the end of the tag, honouring quoted attribute values.
        var quote: UInt8 = 0
        let attrStart = j
        while j < n {
            let b = u[j]
            if quote != 0 { if b == quote { quote = 0 } }
            else if b == 0x22 || b == 0x27 { quote = b }
            else if b == 0x3E { break }
            j += 1
        }
        guard j < n else { return nil }
        let selfClosing = j > attrStart && u[j - 1] == 0x2F
        var alt: String? = nil
        if name == "img" { alt = attribute("alt", in: Array(u[attrStart..<j])) }
        return Tag(name: name, closing: closing, selfClosing: selfClosing, end: j + 1, alt: alt)
    }

    private static func attribute(_ name: String, in attrs: [UInt8]) -> String? {
        let text = String(decoding: attrs, as: UTF8.self)
        let lower = text.lowercased()
        guard let r = lower.firstRange(of: name + "=") else { return nil }
        var rest = text[r.upperBound...]
        guard let q = rest.first, q == "\"" || q == "'" else { return nil }
        rest = rest.dropFirst()
        guard let close = rest.firstIndex(of: q) else { return nil }
        return String(rest[..<close])
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x3A
    }

    private static func closingTagEnd(_ u: [UInt8], at i: Int, name: [UInt8]) -> Int? {
        guard i + 2 + name.count <= u.count, u[i + 1] == 0x2F else { return nil }
        for (k, b) in name.enumerated() where u[i + 2 + k] | 0x20 != b { return nil }
        return find(u, from: i + 2 + name.count, ">").map { $0 + 1 }
    }

    private static func matches(_ u: [UInt8], _ i: Int, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= u.count else { return false }
        for k in 0..<n where u[i + k] != s.utf8Start[k] { return false }
        return true
    }

    private static func find(_ u: [UInt8], from: Int, _ s: StaticString) -> Int? {
        var i = from
        while i < u.count {
            if matches(u, i, s) { return i }
            i += 1
        }
        return nil
    }

    /// Builds the text: collapses whitespace, tracks pending breaks and quote prefixes.
    private struct Output {
        var bytes: [UInt8] = []
        var quoteDepth = 0
        private var pendingSpace = false
        private var pendingBreaks = 0
        private var atLineStart = true

        mutating func text(_ b: UInt8, pre: Bool) {
            if !pre, b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                if !atLineStart { pendingSpace = true }
                return
            }
            if pre, b == 0x0A { newline(); return }
            emitPending()
            if pendingSpace && !atLineStart { bytes.append(0x20) }
            pendingSpace = false
            startLineIfNeeded()
            bytes.append(b)
        }

        mutating func literal(_ s: String) {
            emitPending()
            startLineIfNeeded()
            bytes.append(contentsOf: s.utf8)
            pendingSpace = false
        }

        mutating func literalText(_ s: String) {
            for b in s.utf8 { text(b, pre: false) }
        }

        mutating func newline() {
            pendingBreaks += 1
            pendingSpace = false
            if atLineStart && pendingBreaks == 1 && bytes.isEmpty { pendingBreaks = 0 }
        }

        mutating func blockBreak(paragraph: Bool = false) {
            if !bytes.isEmpty { pendingBreaks = max(pendingBreaks, paragraph ? 2 : 1) }
            pendingSpace = false
        }

        mutating func cellSeparator() {
            if !atLineStart { pendingSpace = true }
        }

        private mutating func emitPending() {
            guard pendingBreaks > 0 else { return }
            for _ in 0..<min(pendingBreaks, 2) { bytes.append(0x0A) }
            pendingBreaks = 0
            atLineStart = true
        }

        private mutating func startLineIfNeeded() {
            if atLineStart {
                for _ in 0..<quoteDepth { bytes.append(contentsOf: [0x3E, 0x20]) }
                atLineStart = false
            }
        }

        func finish() -> String {
            String(decoding: bytes, as: UTF8.self).trimmingSpaces()
        }
    }
}
