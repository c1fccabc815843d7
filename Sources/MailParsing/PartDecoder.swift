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

    /// The body as UTF-8 text.
    func text(_ entity: MIMEEntity) -> String {
        let charset = Charsets.normalize(entity.charset)
        let path = entity.path
        if let charset, !Charsets.isUTF8OrASCII(charset) {
            let cte = normalizedTransferEncoding(entity)
            let body = UnsafeBufferPointer(rebasing: bytes[entity.body])
            if cte == "quoted-printable" { checkQuotedPrintable(body, part: path) }
            let filterName = cte == "base64" || cte == "quoted-printable" ? cte : "binary"
            let converted: [UInt8]?
            if cte == "base64", let cleaned = cleanedBase64(body, part: path) {
                converted = cleaned.withUnsafeBufferPointer {
                    try? MailutilsCodec.decode($0, transferEncoding: filterName, charset: charset)
                }
            } else {
                converted = try? MailutilsCodec.decode(body, transferEncoding: filterName, charset: charset)
            }
            if let converted {
                let result = converted.withUnsafeBufferPointer { TextDecoding.utf8Repairing($0) }
                if result.repaired { state.defect(.charsetConversionError, part: path, detail: charset) }
                return result.text
            }
            state.defect(.unknownCharset, part: path, detail: charset)
        }
        let decoded = transferDecoded(entity)
        return decoded.withUnsafeBufferPointer { raw in
            let result = TextDecoding.utf8Repairing(raw)
            if let charset, charset == "utf-8" {
                if result.repaired { state.defect(.invalidUTF8, part: path) }
            } else if !TextDecoding.isASCII(raw), charset == nil || charset == "us-ascii" {
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

    private func base64(_ body: UnsafeBufferPointer<UInt8>, part: String) -> [UInt8] {
        if let cleaned = cleanedBase64(body, part: part) {
            return (try? cleaned.withUnsafeBufferPointer {
                try MailutilsCodec.decode($0, transferEncoding: "base64", charset: nil)
            }) ?? []
        }
        return (try? MailutilsCodec.decode(body, transferEncoding: "base64", charset: nil)) ?? []
    }

    /// nil when the base64 text is clean; otherwise the alphabet characters only
    /// (libmailutils' filter stops at the first stray byte), with a defect recorded.
    private func cleanedBase64(_ body: UnsafeBufferPointer<UInt8>, part: String) -> [UInt8]? {
        var alphabet = 0
        var stray = false
        var padding = 0
        var afterPadding = false
        for b in body {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F:
                alphabet += 1
                if padding > 0 { afterPadding = true }
            case 0x3D: padding += 1
            case 0x20, 0x09, 0x0A, 0x0D: break
            default: stray = true
            }
        }
        if stray || afterPadding || (alphabet + padding) % 4 != 0 {
            state.defect(.invalidBase64, part: part)
        }
        guard stray || afterPadding else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(alphabet + 4)
        for b in body {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F: out.append(b)
            default: break
            }
        }
        while out.count % 4 != 0 { out.append(0x3D) }
        return out
    }

    /// Records a defect for `=` not followed by two hex digits or a line break.
    private func checkQuotedPrintable(_ body: UnsafeBufferPointer<UInt8>, part: String) {
        var i = 0
        let n = body.count
        while i < n {
            if body[i] == 0x3D {
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
            i += 1
        }
    }
}
