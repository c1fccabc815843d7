import Glibc
import MailModel

/// Decodes a leaf's body: transfer encoding, then charset to UTF-8, recording
/// what had to be repaired. Never throws: the worst case is windows-1252 text.
struct PartDecoder {
    let bytes: UnsafeBufferPointer<UInt8>
    let state: ParseState

    /// The bytes of the body with the transfer encoding undone.
    func transferDecoded(_ entity: MIMEEntity) -> [UInt8] {
        let body = UnsafeBufferPointer(rebasing: bytes[entity.body])
        switch normalizedTransferEncoding(entity) {
        case "base64":
            return base64(body, part: entity.path)
        case "quoted-printable":
            checkQuotedPrintable(body, part: entity.path)
            return (try? MailutilsCodec.decode(body, transferEncoding: "quoted-printable", charset: nil)) ?? Array(body)
        default:
            return Array(body)
        }
    }

    /// Decoded size of an attachment without keeping its content: base64 is
    /// counted, not decoded (and checked, so a broken attachment still shows).
    func decodedSize(_ entity: MIMEEntity) -> Int {
        switch normalizedTransferEncoding(entity) {
        case "base64":
            var alphabet = 0, padding = 0, stray = false
            for b in bytes[entity.body] {
                switch b {
                case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F: alphabet += 1
                case 0x3D: padding += 1
                case 0x20, 0x09, 0x0A, 0x0D: break
                default: stray = true
                }
            }
            if stray || (alphabet + padding) % 4 != 0 { state.defect(.invalidBase64, part: entity.path) }
            return alphabet * 3 / 4
        case "quoted-printable":
            return transferDecoded(entity).count
        default:
            return entity.body.count
        }
    }

    /// The body as UTF-8 text with LF line ends.
    func text(_ entity: MIMEEntity) -> String {
        TextDecoding.normalizingLineEnds(unnormalizedText(entity))
    }

    private func unnormalizedText(_ entity: MIMEEntity) -> String {
        let charset = Charsets.normalize(entity.charset)
        let path = entity.path
        let decoded = transferDecoded(entity)
        if let charset, !Charsets.isUTF8OrASCII(charset),
           !(Charsets.isASCIICompatible(charset) && decoded.withUnsafeBufferPointer(\.isASCII)) {
            let converted = decoded.withUnsafeBufferPointer {
                try? MailutilsCodec.decode($0, transferEncoding: "binary", charset: charset)
            }
            if let converted {
                let result = converted.withUnsafeBufferPointer { TextDecoding.utf8Repairing($0) }
                if result.repaired { state.defect(.charsetConversionError, part: path, detail: charset) }
                return result.text
            }
            state.defect(.unknownCharset, part: path, detail: charset)
        } else if let charset, !Charsets.isUTF8OrASCII(charset), !Charsets.isWellKnown(charset),
                  (try? MailutilsCodec.decode(UnsafeBufferPointer(start: nil, count: 0), transferEncoding: "binary",
                                              charset: charset)) == nil {
            state.defect(.unknownCharset, part: path, detail: charset)
        }
        return decoded.withUnsafeBufferPointer { raw in
            let result = TextDecoding.utf8Repairing(raw)
            if let charset, charset == "utf-8" {
                if result.repaired { state.defect(.invalidUTF8, part: path) }
            } else if !raw.isASCII, charset == nil || charset == "us-ascii" {
                state.defect(.undeclared8bit, part: path)
            }
            return result.text
        }
    }

    private func normalizedTransferEncoding(_ entity: MIMEEntity) -> String {
        switch entity.transferEncoding {
        case "", "7bit", "8bit", "binary", "7-bit", "8-bit":
            return "binary"
        case "base64", "quoted-printable":
            return entity.transferEncoding
        case "x-base64", "base-64":
            return "base64"
        case "quoted_printable", "x-quoted-printable", "qp":
            return "quoted-printable"
        default:
            state.defect(.unknownTransferEncoding, part: entity.path, detail: String(entity.transferEncoding.prefix(40)))
            return "binary"
        }
    }

    /// Decodes base64 leniently. Clean input goes to libmailutils as is. Otherwise
    /// (its filter stops at the first stray byte) the text is repaired line by line:
    /// stray bytes are dropped; after a padded end, further clean lines are decoded
    /// as a new segment (concatenated base64) and the first unclean line ends the
    /// data (a mailing-list footer appended to a base64 body).
    private func base64(_ body: UnsafeBufferPointer<UInt8>, part: String) -> [UInt8] {
        guard let segments = base64Segments(body) else {
            return (try? MailutilsCodec.decode(body, transferEncoding: "base64", charset: nil)) ?? []
        }
        state.defect(.invalidBase64, part: part)
        var out: [UInt8] = []
        for segment in segments where !segment.isEmpty {
            out += (try? segment.withUnsafeBufferPointer {
                try MailutilsCodec.decode($0, transferEncoding: "base64", charset: nil)
            }) ?? []
        }
        return out
    }

    /// nil when the body is well-formed base64; otherwise the repaired segments.
    private func base64Segments(_ body: UnsafeBufferPointer<UInt8>) -> [[UInt8]]? {
        if Self.isWellFormedBase64(body) { return nil }
        var segments: [[UInt8]] = [[]]
        var segmentPadded = [false]
        var broken = false
        var padded = false
        var lineStart = 0
        let n = body.count
        while lineStart < n {
            var lineEnd = lineStart
            while lineEnd < n, body[lineEnd] != 0x0A { lineEnd += 1 }
            var chars: [UInt8] = []
            var stray = false
            var linePadding = false
            for b in body[lineStart..<lineEnd] {
                switch b {
                case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F:
                    if linePadding { stray = true } else { chars.append(b) }
                case 0x3D: linePadding = true
                case 0x20, 0x09, 0x0D: break
                default: stray = true
                }
            }
            if stray { broken = true }
            if padded && !chars.isEmpty {
                if stray { break }           // text after the data: ignore the rest
                segments.append([])          // concatenated base64
                segmentPadded.append(false)
                broken = true
                padded = false
            }
            segments[segments.count - 1] += chars
            if linePadding { padded = true; segmentPadded[segments.count - 1] = true }
            lineStart = lineEnd + 1
        }
        for k in segments.indices {
            if segments[k].count % 4 == 1 {
                segments[k].removeLast()  // a lone character carries no byte
                broken = true
            }
            if segments[k].count % 4 != 0 {
                if !segmentPadded[k] { broken = true }
                while segments[k].count % 4 != 0 { segments[k].append(0x3D) }
            }
        }
        return broken ? segments : nil
    }

    /// The test `base64Segments` makes, in one pass without building segments: only the
    /// alphabet, padding and blanks; no letter after a `=`; a length that needs no repair.
    static func isWellFormedBase64(_ body: UnsafeBufferPointer<UInt8>) -> Bool {
        var alphabet = 0
        var padded = false
        for b in body {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F:
                if padded { return false }
                alphabet += 1
            case 0x3D: padded = true
            case 0x20, 0x09, 0x0D, 0x0A: break
            default: return false
            }
        }
        return alphabet % 4 == 0 || (alphabet % 4 != 1 && padded)
    }

    /// Records a defect for `=` not followed by two hex digits or a line break.
    private func checkQuotedPrintable(_ body: UnsafeBufferPointer<UInt8>, part: String) {
        guard let base = body.baseAddress else { return }
        var i = 0
        let n = body.count
        // From "=" to "=" by memchr: the bytes between need no look.
        while i < n, let p = memchr(base + i, 0x3D, n - i) {
            i = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if i + 1 < n, body[i + 1] == 0x0A { i += 2; continue }
            var j = i + 1
            while j < n, body[j] == 0x20 || body[j] == 0x09 { j += 1 }
            if j == n || body[j] == 0x0A { i = j; continue }  // soft break with trailing blanks
            if i + 2 < n, EncodedWords.hex(body[i + 1]) != nil, EncodedWords.hex(body[i + 2]) != nil {
                i += 3
                continue
            }
            state.defect(.invalidQuotedPrintable, part: part)
            return
        }
    }
}
