import Glibc

/// Streams the messages of an mbox file, reading it in chunks so a 1 GB
/// mailbox never sits in memory; one message at a time is handed out.
///
/// A message starts at a `From ` envelope line that follows a blank line (or
/// starts the file) and looks like an envelope (`From sender date`,
/// `From -`, `From `); a body line such as "From time to time" or
/// "From Russia with love" does not split. `>From ` lines (any number of `>`)
/// lose one `>` (mboxrd). The blank line before an envelope belongs to the mbox.
final class MboxSplitter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var pos = 0            // start of the current message's envelope line in buffer
    private var eof = false
    private let chunkSize: Int
    private let maxMessageBytes: Int

    /// Takes ownership of `fd`.
    init(fd: Int32, chunkSize: Int = 1 << 20, maxMessageBytes: Int) {
        self.fd = fd
        self.chunkSize = chunkSize
        self.maxMessageBytes = maxMessageBytes
    }

    deinit { close(fd) }

    enum ReadError: Error { case read(errno: Int32) }

    /// The next message (envelope line removed, `>From ` unescaped) and its full size.
    func next() throws(ReadError) -> (bytes: [UInt8], fullSize: Int)? {
        try fill(minimum: 1)
        if pos >= buffer.count && eof { return nil }
        // Skip a BOM and the envelope line of this message.
        if pos == 0, buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { pos = 3 }
        var lineEnd = try findByte(0x0A, from: pos)
        guard let envelopeEnd = lineEnd else {
            pos = buffer.count
            return nil  // a file ending in a lone envelope line holds no message
        }
        let start = envelopeEnd + 1
        var collected: [UInt8] = []
        var fullSize = 0
        var scan = start
        var messageStart = start
        while true {
            // Look for the next envelope line from `scan`.
            lineEnd = nil
            var found: Int? = nil
            var i = scan
            var nl = newline(from: i)
            while let n = nl {
                let lineStart = n + 1
                if lineStart >= buffer.count { i = n; break }
                let nextNewline = newline(from: lineStart)
                if buffer[lineStart] == 0x46 {  // 'F': maybe an envelope line
                    guard let separator = isSeparator(at: lineStart) else { i = n; break }  // need more bytes to decide
                    if separator { found = lineStart; break }
                } else if nextNewline == nil && !eof {
                    i = n  // the line is cut off by the buffer end: read more before going on
                    break
                }
                i = lineStart
                nl = nextNewline
            }
            if let f = found {
                var end = f
                if end > messageStart, buffer[end - 1] == 0x0A, end - 1 > messageStart, buffer[end - 2] == 0x0A {
                    end -= 1  // the blank separator line
                }
                append(&collected, messageStart..<end, fullSize: &fullSize)
                pos = f
                return (Self.unescape(collected), fullSize)
            }
            if eof {
                append(&collected, messageStart..<buffer.count, fullSize: &fullSize)
                pos = buffer.count
                return (Self.unescape(collected), fullSize)
            }
            // Keep the unscanned tail (and the two bytes before it for the blank-line test), read more.
            let keepFrom = max(messageStart, min(i, buffer.count) - 2)
            append(&collected, messageStart..<keepFrom, fullSize: &fullSize)
            buffer.removeSubrange(0..<keepFrom)
            scan = max(0, i - keepFrom)
            messageStart = 0
            pos = 0
            try readChunk()
        }
    }

    private func append(_ collected: inout [UInt8], _ range: Range<Int>, fullSize: inout Int) {
        fullSize += range.count
        let room = maxMessageBytes + 1 - collected.count
        if room > 0 { collected.append(contentsOf: buffer[range.lowerBound..<(range.lowerBound + min(room, range.count))]) }
    }

    /// true: an envelope line after a blank line; false: not one; nil: the line is cut off by the buffer end.
    private func isSeparator(at lineStart: Int) -> Bool? {
        guard let nl = newline(from: lineStart) else {
            return eof ? Self.isEnvelope(buffer[lineStart...]) && precededByBlank(lineStart) : nil
        }
        let line = buffer[lineStart..<nl]
        guard Self.isEnvelope(line) else { return false }
        if precededByBlank(lineStart) { return true }
        // Some writers omit the blank line (Netscape's "From - " mboxes rely on Content-Length):
        // accept a full envelope or Mozilla's "From -" when a header line follows.
        return (Self.isStrictEnvelope(line) || line.starts(with: Self.fromDash))
            && Self.looksLikeHeader(buffer[(nl + 1)...])
    }

    private func precededByBlank(_ lineStart: Int) -> Bool {
        lineStart >= 2 && buffer[lineStart - 1] == 0x0A && buffer[lineStart - 2] == 0x0A
    }

    /// "From " + optional sender + something that looks like a date, or Thunderbird's bare "From -".
    static func isEnvelope(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.count >= 5, line.starts(with: fromSpace) else { return false }
        let rest = String(decoding: line.dropFirst(5), as: UTF8.self).trimmingSpaces()
        if rest.isEmpty || rest == "-" { return true }
        let words = rest.split(separator: " ", maxSplits: 1)
        let sender = words[0]
        let tail = words.count > 1 ? words[1] : ""
        if tail.isEmpty { return sender.contains("@") || sender == "MAILER-DAEMON" || sender == "-" }
        return hasTime(tail) || hasYear(tail)
    }

    static func isStrictEnvelope(_ line: ArraySlice<UInt8>) -> Bool {
        let rest = String(decoding: line.dropFirst(5), as: UTF8.self)
        return hasTime(rest[...]) && hasYear(rest[...])
    }

    private static func hasTime(_ s: Substring) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 4 else { return false }
        for i in 1..<(u.count - 2) where u[i] == 0x3A {
            if isDigit(u[i - 1]) && isDigit(u[i + 1]) && isDigit(u[i + 2]) { return true }
        }
        return false
    }

    private static func hasYear(_ s: Substring) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 4 else { return false }
        for i in 0...(u.count - 4) where (u[i] == 0x31 && u[i + 1] == 0x39) || (u[i] == 0x32 && u[i + 1] == 0x30) {
            if isDigit(u[i + 2]) && isDigit(u[i + 3]) && (i + 4 == u.count || !isDigit(u[i + 4])) { return true }
        }
        return false
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func looksLikeHeader(_ line: ArraySlice<UInt8>) -> Bool {
        var sawName = false
        for b in line {
            if b == 0x3A { return sawName }
            if b <= 0x20 || b >= 0x7F { return false }
            sawName = true
        }
        return false
    }

    private static let fromSpace = Array("From ".utf8)
    private static let fromDash = Array("From -".utf8)

    /// Removes one `>` from lines that match `^>+From ` (memchr finds the `>` bytes).
    static func unescape(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count > 6 else { return bytes }
        var cuts: [Int] = []  // the `>` to drop
        bytes.withUnsafeBufferPointer { b in
            let base = b.baseAddress!
            var i = 0
            while i < b.count, let p = memchr(base + i, 0x3E, b.count - i) {
                let k = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                guard k == 0 || b[k - 1] == 0x0A else { i = k + 1; continue }
                var j = k
                while j < b.count, b[j] == 0x3E { j += 1 }
                if b[j...].starts(with: fromSpace) { cuts.append(k) }
                i = j
            }
        }
        guard !cuts.isEmpty else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var copiedUpTo = 0
        for k in cuts {
            result.append(contentsOf: bytes[copiedUpTo..<k])
            copiedUpTo = k + 1
        }
        result.append(contentsOf: bytes[copiedUpTo...])
        return result
    }

    /// Index of the first LF at or after `i` in the buffer.
    private func newline(from i: Int) -> Int? {
        buffer.withUnsafeBufferPointer { b in
            guard i < b.count, let base = b.baseAddress, let p = memchr(base + i, 0x0A, b.count - i) else { return nil }
            return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
    }

    private func findByte(_ byte: UInt8, from: Int) throws(ReadError) -> Int? {
        var searchFrom = from
        while true {
            if let i = buffer[searchFrom..<buffer.count].firstIndex(of: byte) { return i }
            if eof { return nil }
            searchFrom = buffer.count
            try readChunk()
        }
    }

    private func fill(minimum: Int) throws(ReadError) {
        while buffer.count - pos < minimum && !eof { try readChunk() }
    }

    private func readChunk() throws(ReadError) {
        if pos > 0 && pos == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            pos = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunkSize))
        var n = 0
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunkSize) }
        } while n < 0 && errno == EINTR
        if n < 0 {
            buffer.removeSubrange(old...)
            throw .read(errno: errno)
        }
        buffer.removeSubrange((old + n)...)
        if n == 0 { eof = true }
    }
}
