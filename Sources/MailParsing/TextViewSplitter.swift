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
/// The phrase lists live in `ReplyPatterns`.
public enum TextViewSplitter {
    public static func split(_ text: String) -> TextViews {
        let lines = lines(of: text)
        let folded = FoldedLines(lines)

        var cut: (index: Int, forwarded: Bool, skipMarker: Bool)? = nil
        for i in lines.indices {
            let f = folded[i]
            if f.isEmpty { continue }
            if ReplyPatterns.isForwardMarker(f) { cut = (i, true, true); break }
            if ReplyPatterns.isOriginalMessageSeparator(f) || ReplyPatterns.isAttribution(folded, at: i)
                || ReplyPatterns.isHeaderBlock(folded, at: i) {
                cut = (i, false, false)
                break
            }
        }
        let cutIndex = cut?.index ?? lines.count

        var own: [Substring] = []
        var ownFolded: [String] = []
        var quotedLines: [Substring] = []
        for i in 0..<cutIndex {
            if ReplyPatterns.isQuoteLine(lines[i]) {
                quotedLines.append(lines[i])
            } else {
                own.append(lines[i])
                ownFolded.append(folded[i])
            }
        }
        var tail: [Substring] = []
        if let cut { tail = Array(lines[(cut.index + (cut.skipMarker ? 1 : 0))...]) }
        // Bottom or inline posting: nothing of the sender's above the attribution, `>` lines after it
        // and then unquoted text — that text is the sender's, the attribution and `>` lines are quoted.
        if let cut, !cut.forwarded, ReplyPatterns.isAttribution(folded, at: cut.index),
           !ownFolded.contains(where: { !$0.isEmpty }),
           let firstQuote = tail.firstIndex(where: ReplyPatterns.isQuoteLine),
           tail[firstQuote...].contains(where: { !ReplyPatterns.isQuoteLine($0) && !ReplyPatterns.normalizedLine($0).isEmpty }) {
            own = []
            ownFolded = []
            var kept: [Substring] = [tail[0]]
            for line in tail[1...] {
                if ReplyPatterns.isQuoteLine(line) { kept.append(line) } else {
                    own.append(line)
                    ownFolded.append(ReplyPatterns.normalizedLine(line))
                }
            }
            while let last = own.last, ReplyPatterns.normalizedLine(last).isEmpty, !own.isEmpty { own.removeLast(); ownFolded.removeLast() }
            while let first = own.first, ReplyPatterns.normalizedLine(first).isEmpty { own.removeFirst(); ownFolded.removeFirst() }
            tail = kept
        }

        let signatureStart = signatureIndex(own, folded: ownFolded)
        let newText = own[..<signatureStart]
        var signature = own[signatureStart...]
        if let first = signature.first, ReplyPatterns.isSignatureDelimiter(first) { signature = signature.dropFirst() }

        var quoted = quotedLines
        var forwarded: [Substring] = []
        if let cut {
            if cut.forwarded { forwarded = tail } else { quoted += tail }
        }
        return TextViews(newText: join(newText, of: text), quoted: join(quoted[...], of: text),
                         signature: join(signature, of: text), forwarded: join(forwarded[...], of: text))
    }

    /// Index in `own` where the signature starts (`own.count` when there is none).
    static func signatureIndex(_ own: [Substring], folded: [String]) -> Int {
        for (i, line) in own.enumerated() where ReplyPatterns.isSignatureDelimiter(line) { return i }
        let nonEmptyAfter = countNonEmptyAfter(folded)
        // A sign-off with nothing above it is the message ("Merci !", "Thanks, Ana"), not a signature.
        let firstContent = folded.firstIndex { !$0.isEmpty } ?? own.count
        for i in own.indices where folded[i].utf8.count < 90 && i > firstContent {
            if ReplyPatterns.isMobileFooter(folded[i]) { return i }
            if nonEmptyAfter[i] <= 8, ReplyPatterns.isSignOff(own[i], folded: folded[i]) { return i }
        }
        return own.count
    }

    /// For each line, how many non-empty lines follow it.
    private static func countNonEmptyAfter(_ folded: [String]) -> [Int] {
        var counts = [Int](repeating: 0, count: folded.count)
        var running = 0
        for i in folded.indices.reversed() {
            counts[i] = running
            if !folded[i].isEmpty { running += 1 }
        }
        return counts
    }

    /// The folded form of each line (`ReplyPatterns.normalizedLine`), made on first use: the
    /// quoted history after a reply's cut (most lines of most replies) is never folded.
    final class FoldedLines {
        private let lines: [Substring]
        private var folded: [String?]

        init(_ lines: [Substring]) {
            self.lines = lines
            folded = Array(repeating: nil, count: lines.count)
        }

        var count: Int { lines.count }

        subscript(i: Int) -> String {
            if let f = folded[i] { return f }
            let f = ReplyPatterns.normalizedLine(lines[i])
            folded[i] = f
            return f
        }
    }

    /// The text's lines (split at LF, empty ones kept), found with memchr rather than
    /// the generic `split` over the UTF-8 view, which cost as much as the rest of the splitter.
    static func lines(of text: String) -> [Substring] {
        var copy = text
        let breaks: [Int] = copy.withUTF8 { buf in
            var offsets: [Int] = []
            guard let base = buf.baseAddress else { return offsets }
            var i = 0
            while i < buf.count, let p = memchr(base + i, 0x0A, buf.count - i) {
                let k = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                offsets.append(k)
                i = k + 1
            }
            return offsets
        }
        let u = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = u.startIndex
        for k in breaks {
            let end = u.index(u.startIndex, offsetBy: k)
            lines.append(Substring(u[start..<end]))
            start = u.index(after: end)
        }
        lines.append(Substring(u[start...]))
        return lines
    }

    /// The lines (of `text`) joined with LF, ASCII blanks trimmed at both ends. Lines that
    /// follow each other in `text` (a view is mostly one stretch of it) are its bytes as they
    /// are: sliced, not rebuilt and validated again. Others are built as bytes in one buffer
    /// (`joined(separator:)` grew a String line by line).
    private static func join(_ lines: ArraySlice<Substring>, of text: String) -> String {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        let u = text.utf8
        if let first = lines.first, let last = lines.last,
           zip(lines, lines.dropFirst()).allSatisfy({ $1.startIndex == u.index(after: $0.endIndex) }) {
            var start = first.startIndex, end = last.endIndex
            while start < end, isSpace(u[start]) { start = u.index(after: start) }
            while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
            return String(Substring(u[start..<end]))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(lines.count) { $0 + $1.utf8.count })
        var first = true
        for line in lines {
            if !first { bytes.append(0x0A) }
            first = false
            var line = line
            line.withUTF8 { bytes.append(contentsOf: $0) }
        }
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
