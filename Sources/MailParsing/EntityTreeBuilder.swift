import Glibc
import MailModel

/// Splits one message (headers + body in a byte buffer) into its MIME tree.
///
/// The MIME structure is split here, Python-feedparser style, rather than by
/// libmailutils' `mu_stream_to_message`: measured on 3.15, that parser rejects
/// CRLF input and header sections with a stray line (MU_ERR_PARSE-like 4103),
/// and drops the last part's text when the closing boundary is missing. Every
/// decoding step after the split goes through libmailutils (MailutilsCodec).
struct EntityTreeBuilder {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: ParseLimits
    let state: ParseState

    /// Builds the entity for `headers` + `body`, recursing into multiparts.
    func entity(headers: HeaderSection, body: Range<Int>, path: String, depth: Int,
                defaultType: String) -> MIMEEntity {
        for code in headers.defects { state.defect(code, part: path) }
        var contentType = defaultType
        var charset = ""
        var boundary = ""
        var name = ""
        if let raw = headers.fields.last(where: { $0.name.caseInsensitiveEquals("Content-Type") })?.raw {
            let parsed = MailutilsCodec.parseParameterized(raw, wanted: ["charset", "boundary", "name"])
            // Byte tests: Foundation's String.contains(_:) cost 5,000 instructions a call here.
            if parsed.value.utf8.contains(UInt8(ascii: "/")), !parsed.value.utf8.contains(UInt8(ascii: " ")) {
                contentType = parsed.value
            } else if !parsed.value.isEmpty {
                state.defect(.malformedHeader, part: path, detail: "Content-Type")
                contentType = "text/plain"
            }
            charset = parsed.parameters["charset"]?.trimmingSpaces().lowercased() ?? ""
            boundary = parsed.parameters["boundary"] ?? ""
            name = parsed.parameters["name"] ?? ""
        }
        var disposition = ""
        var filename = ""
        if let raw = headers.fields.first(where: { $0.name.caseInsensitiveEquals("Content-Disposition") })?.raw {
            let parsed = MailutilsCodec.parseParameterized(raw, wanted: ["filename"])
            disposition = parsed.value
            filename = parsed.parameters["filename"] ?? ""
        }
        if filename.isEmpty { filename = name }
        filename = TextDecoding.singleLine(EncodedWords.decode(filename).text).trimmingSpaces()
        let cte = headers.fields.first(where: { $0.name.caseInsensitiveEquals("Content-Transfer-Encoding") })?
            .raw.trimmingSpaces().lowercased() ?? ""

        var entity = MIMEEntity(path: path, kind: .leaf, contentType: contentType, charset: charset,
                                transferEncoding: cte, disposition: disposition, filename: filename, body: body)
        if contentType.hasPrefix("multipart/") {
            splitMultipart(&entity, boundary: boundary, depth: depth)
        } else if contentType == "message/rfc822" || contentType == "message/global" {
            entity.kind = .message
        }
        return entity
    }

    private func splitMultipart(_ entity: inout MIMEEntity, boundary: String, depth: Int) {
        let path = entity.path
        guard !boundary.isEmpty else {
            state.defect(.multipartWithoutBoundary, part: path)
            entity.contentType = "text/plain"
            return
        }
        guard depth < limits.maxDepth else {
            state.defect(.depthLimit, part: path, detail: "depth \(depth)")
            entity.contentType = "application/octet-stream"
            return
        }
        let split = Self.findParts(bytes, in: entity.body, boundary: Array(boundary.utf8))
        guard split.foundStart else {
            state.defect(.startBoundaryNotFound, part: path)
            entity.contentType = "text/plain"
            return
        }
        if !split.foundClose { state.defect(.closeBoundaryMissing, part: path) }
        let subtype = String(entity.contentType.dropFirst("multipart/".count))
        entity.kind = .multipart(subtype: subtype)
        let childDefault = subtype == "digest" ? "message/rfc822" : "text/plain"
        for (k, range) in split.parts.enumerated() {
            guard state.countPart() else {
                state.defect(.partsLimit, part: path, detail: "over \(limits.maxParts) parts")
                break
            }
            let childPath = path.isEmpty ? "\(k + 1)" : "\(path).\(k + 1)"
            let headers = HeaderSection(bytes, start: range.lowerBound, end: range.upperBound,
                                        maxBytes: limits.maxHeaderBytes, skipEnvelope: false)
            let child = self.entity(headers: headers, body: headers.bodyStart..<range.upperBound,
                               path: childPath, depth: depth + 1, defaultType: childDefault)
            entity.children.append(child)
        }
    }

    /// Finds the parts between `--boundary` lines. The line break before a
    /// boundary line belongs to the boundary; preamble and epilogue are dropped.
    static func findParts(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>,
                          boundary: [UInt8]) -> (parts: [Range<Int>], foundStart: Bool, foundClose: Bool) {
        var parts: [Range<Int>] = []
        var partStart: Int? = nil
        var foundStart = false
        var lineStart = range.lowerBound
        let end = range.upperBound
        while lineStart < end {
            let eol = HeaderSection.lineEnd(bytes, from: lineStart, end: end)
            if let isClose = boundaryLine(bytes, lineStart, eol, boundary) {
                let contentEnd = lineStart > range.lowerBound ? lineStart - 1 : lineStart
                if let s = partStart { parts.append(s..<max(s, contentEnd)) }
                foundStart = true
                if isClose { return (parts, true, true) }
                partStart = min(eol + 1, end)
            }
            lineStart = eol + 1
        }
        if let s = partStart { parts.append(s..<end) }
        return (parts, foundStart, false)
    }

    /// nil when the line is not a delimiter; true for the close delimiter `--boundary--`.
    private static func boundaryLine(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                     _ boundary: [UInt8]) -> Bool? {
        let n = boundary.count
        guard end - start >= n + 2, bytes[start] == 0x2D, bytes[start + 1] == 0x2D else { return nil }
        guard let base = bytes.baseAddress,
              boundary.withUnsafeBufferPointer({ memcmp(base + start + 2, $0.baseAddress!, n) == 0 }) else { return nil }
        var j = start + 2 + n
        var close = false
        if j + 2 <= end, bytes[j] == 0x2D, bytes[j + 1] == 0x2D {
            close = true
            j += 2
        }
        while j < end {
            if bytes[j] != 0x20 && bytes[j] != 0x09 { return nil }  // "--abc" is not "--abcdef"
            j += 1
        }
        return close
    }
}

/// Counters and defects shared by every level of one message's parse.
final class ParseState {
    private(set) var defects: [Defect] = []
    private var parts = 0
    private let maxParts: Int

    init(maxParts: Int) { self.maxParts = maxParts }

    func defect(_ code: Defect.Code, part: String, detail: String = "") {
        let d = Defect(code, part: part, detail: detail)
        if !defects.contains(d) { defects.append(d) }
    }

    /// Counts one more part; false once the limit is reached.
    func countPart() -> Bool {
        parts += 1
        return parts <= maxParts
    }
}
