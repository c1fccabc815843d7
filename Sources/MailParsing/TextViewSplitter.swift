import Glibc
import MailModel

/// Splits body text into `new_text`, `quoted`, `signature` and `forwarded`.
///
/// Line-oriented, in three passes over the lines:
/// 1. the first *cut*: an inline-forward marker (the rest is forwarded), or a
///    reply attribution, "Original Message" separator or Outlook header block
///    (the rest is quoted);
/// 2. above the cut, `>` lines are quoted, the others are the sender's;
/// 3. in the sender's lines, the signature starts at `-- `, at a sign-off
///    formula followed by at most 8 non-empty lines, or at a mobile footer.
/// The phrase lists live in `ReplyPatterns`. Lines are byte ranges of the text; a line is
/// folded only when a test needs its folded form (most lines, byte checks show, could not
/// match any pattern: no colon, dash or underscore for a cut, not short enough for a sign-off).
public enum TextViewSplitter {
    public static func split(_ text: String) -> TextViews {
        let lines = FoldedLines(text)

        var cut: (index: Int, forwarded: Bool, skipMarker: Bool)? = nil
        for i in 0..<lines.count where lines.mayStartCut(i) && !lines.isBlank(i) {
            let f = lines[i]
            if ReplyPatterns.isForwardMarker(f) { cut = (i, true, true); break }
            if ReplyPatterns.isOriginalMessageSeparator(f) || ReplyPatterns.isAttribution(lines, at: i)
                || ReplyPatterns.isHeaderBlock(lines, at: i) {
                cut = (i, false, false)
                break
            }
        }
        let cutIndex = cut?.index ?? lines.count

        // Line numbers of the sender's lines and of the quoted ones above the cut.
        var own: [Int] = []
        var quotedLines: [Int] = []
        own.reserveCapacity(cutIndex)  // one allocation, not one per doubling
        for i in 0..<cutIndex {
            if lines.isQuoteLine(i) { quotedLines.append(i) } else { own.append(i) }
        }
        var tail: [Int] = []
        if let cut { tail = Array((cut.index + (cut.skipMarker ? 1 : 0))..<lines.count) }
        // Bottom or inline posting: nothing of the sender's above the attribution, `>` lines after it
        // and then unquoted text — that text is the sender's, the attribution and `>` lines are quoted.
        if let cut, !cut.forwarded, ReplyPatterns.isAttribution(lines, at: cut.index),
           !own.contains(where: { !lines.isBlank($0) }),
           let firstQuote = tail.firstIndex(where: lines.isQuoteLine),
           tail[firstQuote...].contains(where: { !lines.isQuoteLine($0) && !lines.isBlank($0) }) {
            own = []
            var kept = [tail[0]]
            for i in tail.dropFirst() {
                if lines.isQuoteLine(i) { kept.append(i) } else { own.append(i) }
            }
            while let last = own.last, lines.isBlank(last) { own.removeLast() }
            while let first = own.first, lines.isBlank(first) { own.removeFirst() }
            tail = kept
        }

        let signatureStart = signatureIndex(own, in: lines)
        let newText = own[..<signatureStart]
        var signature = own[signatureStart...]
        if let first = signature.first, lines.isSignatureDelimiter(first) { signature = signature.dropFirst() }

        var quoted = quotedLines
        var forwarded: [Int] = []
        if let cut {
            if cut.forwarded { forwarded = tail } else { quoted += tail }
        }
        return TextViews(newText: lines.join(newText), quoted: lines.join(quoted[...]),
                         signature: lines.join(signature), forwarded: lines.join(forwarded[...]))
    }

    /// Index in `own` (line numbers) where the signature starts (`own.count` when there is none).
    static func signatureIndex(_ own: [Int], in lines: FoldedLines) -> Int {
        for (k, i) in own.enumerated() where lines.isSignatureDelimiter(i) { return k }
        // For each line, how many non-empty lines follow it.
        var nonEmptyAfter = [Int](repeating: 0, count: own.count)
        var running = 0
        for k in own.indices.reversed() {
            nonEmptyAfter[k] = running
            if !lines.isBlank(own[k]) { running += 1 }
        }
        // A sign-off with nothing above it is the message ("Merci !", "Thanks, Ana"), not a signature.
        let firstContent = own.firstIndex { !lines.isBlank($0) } ?? own.count
        for k in own.indices where k > firstContent {
            let i = own[k]
            // A blank line is neither; a mobile footer starts with one of a few letters; a sign-off
            // is among the last lines: only such lines are folded.
            guard let shape = lines.foldedShape(i), shape.count < 90, shape.count > 0 else { continue }
            if ReplyPatterns.mayStartMobileFooter(shape.first), ReplyPatterns.isMobileFooter(lines[i]) { return k }
            if nonEmptyAfter[k] <= 8, ReplyPatterns.isSignOff(lines.line(i), folded: lines[i]) { return k }
        }
        return own.count
    }

    /// The text's lines (split at LF, empty ones kept) as byte ranges, and their folded form
    /// (`ReplyPatterns.normalizedLine`), made on first use: the quoted history after a reply's
    /// cut (most lines of most replies) and most of the sender's lines are never folded.
    final class FoldedLines {
        let text: String
        private let bytes: [UInt8]
        /// Each line's bytes, without its LF.
        private let ranges: [Range<Int>]
        private var folded: [String?]
        private var shapes: [Shape?]

        /// What the bytes of a line tell without folding it.
        private struct Shape {
            /// For an ASCII line of at most 300 bytes, the bytes its folded form is made of:
            /// folding lower-cases ASCII and changes nothing else, so `normalizedLine` is these
            /// bytes (blanks trimmed, leading `*` and `_` dropped as it drops them) lower-cased.
            var core: Range<Int>?
            /// The line holds a `:`.
            var colon: Bool
            /// The line holds a `-` or `_`.
            var dash: Bool
        }

        init(_ text: String) {
            self.text = text
            var copy = text
            bytes = copy.withUTF8 { Array($0) }  // one copy (Array(text.utf8) went byte by byte)
            // Line breaks found with memchr: the generic `split` over the UTF-8 view cost as much
            // as the rest of the splitter.
            ranges = bytes.withUnsafeBufferPointer { buf in
                var ranges: [Range<Int>] = []
                ranges.reserveCapacity(buf.count / 32 + 1)  // most lines are shorter: one allocation, not one per doubling
                var start = 0
                if let base = buf.baseAddress {
                    while start < buf.count, let p = memchr(base + start, 0x0A, buf.count - start) {
                        let k = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                        ranges.append(start..<k)
                        start = k + 1
                    }
                }
                ranges.append(start..<buf.count)
                return ranges
            }
            folded = Array(repeating: nil, count: ranges.count)
            shapes = Array(repeating: nil, count: ranges.count)
        }

        var count: Int { ranges.count }

        /// Line `i` of the text.
        func line(_ i: Int) -> Substring {
            let u = text.utf8, r = ranges[i]
            return Substring(u[u.index(u.startIndex, offsetBy: r.lowerBound)..<u.index(u.startIndex, offsetBy: r.upperBound)])
        }

        /// The folded line.
        subscript(i: Int) -> String {
            if let f = folded[i] { return f }
            let f = ReplyPatterns.normalizedLine(line(i))
            folded[i] = f
            return f
        }

        private func shape(_ i: Int) -> Shape {
            if let s = shapes[i] { return s }
            let r = ranges[i]
            var acc: UInt8 = 0, colon = false, dash = false
            for k in r {
                let b = bytes[k]
                acc |= b
                if b == 0x3A { colon = true } else if b == 0x2D || b == 0x5F { dash = true }
            }
            var core: Range<Int>? = nil
            if acc < 0x80, r.count <= 300 {
                func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
                var start = r.lowerBound, end = r.upperBound
                while start < end, isSpace(bytes[start]) { start += 1 }
                while end > start, isSpace(bytes[end - 1]) { end -= 1 }
                while start < end, bytes[start] == 0x2A
                        || bytes[start] == 0x5F && !(end - start >= 3 && bytes[start + 1] == 0x5F && bytes[start + 2] == 0x5F) {
                    start += 1
                }
                core = start..<end
            }
            let s = Shape(core: core, colon: colon, dash: dash)
            shapes[i] = s
            return s
        }

        /// The folded line is empty.
        func isBlank(_ i: Int) -> Bool {
            if let core = shape(i).core { return core.isEmpty }
            return self[i].isEmpty
        }

        /// The folded line's byte count and first byte; nil when it is empty.
        func foldedShape(_ i: Int) -> (count: Int, first: UInt8)? {
            if let core = shape(i).core {
                guard let first = core.first.map({ bytes[$0] }) else { return nil }
                return (core.count, first >= 0x41 && first <= 0x5A ? first | 0x20 : first)
            }
            let f = self[i].utf8
            return f.first.map { (f.count, $0) }
        }

        /// Whether a cut can start at line `i`: every cut pattern needs a colon (attributions,
        /// header blocks, "Forwarded:" introductions; a wrapped attribution ends on the next line)
        /// or a dash or underscore (separators, forward markers, a `____` rule). Folding keeps
        /// those bytes and makes none of them. An ASCII line is asked more closely, on the bytes
        /// its folded form starts and ends with (`ReplyPatterns.mayStartCut`).
        func mayStartCut(_ i: Int) -> Bool {
            let s = shape(i)
            let nextHasColon = i + 1 < count && shape(i + 1).colon
            guard let core = s.core else { return s.colon || s.dash || nextHasColon }
            guard let start = core.first, let end = core.last else { return false }  // a blank line
            func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            return ReplyPatterns.mayStartCut(first: lower(bytes[start]), second: core.count > 1 ? lower(bytes[start + 1]) : 0,
                                             last: lower(bytes[end]), hasColon: s.colon, nextHasColon: nextHasColon)
        }

        /// `ReplyPatterns.isQuoteLine`, asked only of lines whose first non-blank byte is `>`.
        func isQuoteLine(_ i: Int) -> Bool {
            let r = ranges[i]
            var k = r.lowerBound
            while k < r.upperBound, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
            return k < r.upperBound && bytes[k] == 0x3E && ReplyPatterns.isQuoteLine(line(i))
        }

        /// `ReplyPatterns.isSignatureDelimiter`, asked only of short lines that start with `-`.
        func isSignatureDelimiter(_ i: Int) -> Bool {
            let r = ranges[i]
            return r.count >= 2 && r.count <= 4 && bytes[r.lowerBound] == 0x2D && ReplyPatterns.isSignatureDelimiter(line(i))
        }

        /// The lines `numbers` joined with LF, ASCII blanks trimmed at both ends. Lines that follow
        /// each other (a view is mostly one stretch of the text) are its bytes as they are: sliced,
        /// not rebuilt and validated again. Others are built as bytes in one buffer.
        func join(_ numbers: ArraySlice<Int>) -> String {
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
            if let first = numbers.first, let last = numbers.last,
               zip(numbers, numbers.dropFirst()).allSatisfy({ $1 == $0 + 1 }) {
                var start = ranges[first].lowerBound, end = ranges[last].upperBound
                while start < end, isSpace(bytes[start]) { start += 1 }
                while end > start, isSpace(bytes[end - 1]) { end -= 1 }
                let u = text.utf8
                return String(Substring(u[u.index(u.startIndex, offsetBy: start)..<u.index(u.startIndex, offsetBy: end)]))
            }
            var out: [UInt8] = []
            out.reserveCapacity(numbers.reduce(numbers.count) { $0 + ranges[$1].count })
            for (n, i) in numbers.enumerated() {
                if n > 0 { out.append(0x0A) }
                out.append(contentsOf: bytes[ranges[i]])
            }
            var start = 0, end = out.count
            while start < end, isSpace(out[start]) { start += 1 }
            while end > start, isSpace(out[end - 1]) { end -= 1 }
            return String(decoding: out[start..<end], as: UTF8.self)
        }
    }
}
