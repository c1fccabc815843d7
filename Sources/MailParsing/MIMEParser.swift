import Glibc
import MailModel

/// Raw RFC 5322 / MIME bytes → `Message`. Never throws and never traps on
/// malformed input: what it had to work around is in `Message.defects`.
public struct MIMEParser: Sendable {
    public var limits: ParseLimits

    public init(limits: ParseLimits = .default) {
        self.limits = limits
    }

    public func parse(_ data: [UInt8]) -> Message {
        data.withUnsafeBufferPointer { parse($0) }
    }

    public func parse(_ data: UnsafeBufferPointer<UInt8>) -> Message {
        let state = ParseState(maxParts: limits.maxParts)
        let normalized = RawNormalizer.normalize(data, limits: limits, state: state)
        return normalized.withUnsafeBufferPointer { buf -> Message in
            let parsed = parseMessage(buf, range: 0..<buf.count, path: "", depth: 0, forwarded: false, state: state)
            var views = TextViewSplitter.split(parsed.body.text)
            let forwardedTexts = parsed.forwarded.map(\.text).filter { !$0.isEmpty }
            if !forwardedTexts.isEmpty {
                views.forwarded = ([views.forwarded] + forwardedTexts).filter { !$0.isEmpty }.joined(separator: "\n\n")
            }
            let h = parsed.headers
            return Message(
                headers: h,
                subject: h.first(named: "Subject") ?? "",
                from: AddressParser.parse(h.firstRaw(named: "From") ?? ""),
                to: h.filter { $0.name.caseInsensitiveEquals("To") }.flatMap { AddressParser.parse($0.rawValue) },
                cc: h.filter { $0.name.caseInsensitiveEquals("Cc") }.flatMap { AddressParser.parse($0.rawValue) },
                replyTo: AddressParser.parse(h.firstRaw(named: "Reply-To") ?? ""),
                messageID: MessageIDs.parse(h.firstRaw(named: "Message-ID") ?? "").first ?? "",
                inReplyTo: MessageIDs.parse(h.firstRaw(named: "In-Reply-To") ?? ""),
                referenceIDs: MessageIDs.parse(h.firstRaw(named: "References") ?? ""),
                date: h.firstRaw(named: "Date") ?? "",
                body: parsed.body,
                views: views,
                attachments: parsed.attachments,
                forwarded: parsed.forwarded,
                structure: parsed.structure,
                defects: state.defects,
                rawSize: data.count
            )
        }
    }

    struct ParsedMessage {
        var headers: [HeaderField]
        var body: BodyText
        var attachments: [Attachment]
        var forwarded: [ForwardedMessage]
        var structure: MessagePart
    }

    /// Parses the message in `buf[range]`; `path` is the MIME path of its root.
    func parseMessage(_ buf: UnsafeBufferPointer<UInt8>, range: Range<Int>, path: String, depth: Int,
                      forwarded: Bool, state: ParseState) -> ParsedMessage {
        let section = HeaderSection(buf, start: range.lowerBound, end: range.upperBound,
                                    maxBytes: limits.maxHeaderBytes, skipEnvelope: depth == 0)
        let headers = decodeHeaders(section, path: path, state: state)
        let builder = EntityTreeBuilder(bytes: buf, limits: limits, state: state)
        let root = builder.entity(headers: section, body: section.bodyStart..<range.upperBound, path: path,
                                  depth: depth, defaultType: "text/plain")
        let decoder = PartDecoder(bytes: buf, state: state)

        var decodedText: [String: String] = [:]
        func text(of e: MIMEEntity) -> String {
            if let t = decodedText[e.path] { return t }
            let raw = decoder.text(e)
            let t = e.isHTML ? HTMLText.convert(raw) : raw
            decodedText[e.path] = t
            return t
        }
        let selection = BodySelection(root: root, isBlank: { text(of: $0).allSatisfy(\.isWhitespace) })
        var body = BodyText()
        if let primary = selection.primary {
            var pieces = [text(of: primary)]
            pieces += selection.continuations.map { text(of: $0) }
            let joined = pieces.filter { !$0.isEmpty }.joined(separator: "\n\n")
            body = BodyText(text: limitText(joined, part: primary.path, state: state),
                            source: primary.isHTML ? .html : .plain,
                            charset: primary.charset, part: primary.path)
        }

        var attachments: [Attachment] = []
        var forwardedMessages: [ForwardedMessage] = []
        let continuationPaths = Set(selection.continuations.map(\.path))
        func summarize(_ e: MIMEEntity) -> MessagePart {
            var part = MessagePart(path: e.path, contentType: e.contentType, charset: e.charset,
                                   transferEncoding: e.transferEncoding, disposition: e.disposition,
                                   filename: e.filename, encodedSize: e.body.count)
            switch e.kind {
            case .multipart:
                part.role = .container
                part.children = e.children.map(summarize)
            case .message:
                part.role = .forwardedMessage
                if e.isAttachment { attachments.append(attachment(e, decoder: decoder, forwarded: forwarded)) }
                let nested = parseNested(e, buf: buf, decoder: decoder, depth: depth, state: state)
                if let nested {
                    part.children = [nested.structure]
                    attachments += nested.attachments.map { var a = $0; a.forwarded = true; return a }
                    var text = nested.body.text
                    for inner in nested.forwarded where !inner.text.isEmpty { text += "\n\n" + inner.text }
                    forwardedMessages.append(ForwardedMessage(
                        subject: nested.headers.first(named: "Subject") ?? "",
                        from: AddressParser.parse(nested.headers.firstRaw(named: "From") ?? ""),
                        date: nested.headers.firstRaw(named: "Date") ?? "",
                        text: text, part: e.path))
                }
            case .leaf:
                if e.path == selection.primary?.path {
                    part.role = .body
                } else if continuationPaths.contains(e.path) {
                    part.role = .bodyContinuation
                } else if selection.losingAlternatives.contains(e.path) {
                    part.role = .alternative
                } else if e.isAttachment {
                    part.role = .attachment
                    attachments.append(attachment(e, decoder: decoder, forwarded: forwarded))
                } else if e.isReport {
                    part.role = .report
                } else if e.isBodyCandidate {
                    part.role = .alternative
                }
            }
            return part
        }
        let structure = summarize(root)
        return ParsedMessage(headers: headers, body: body, attachments: attachments,
                             forwarded: forwardedMessages, structure: structure)
    }

    private func parseNested(_ e: MIMEEntity, buf: UnsafeBufferPointer<UInt8>, decoder: PartDecoder,
                             depth: Int, state: ParseState) -> ParsedMessage? {
        guard depth + 1 < limits.maxDepth else {
            state.defect(.depthLimit, part: e.path, detail: "depth \(depth + 1)")
            return nil
        }
        let childPath = e.path.isEmpty ? "1" : e.path + ".1"
        switch e.transferEncoding {
        case "base64", "quoted-printable":
            let inner = RawNormalizer.normalize(decoder.transferDecoded(e).withUnsafeBufferPointer { Array($0) }[...],
                                                limits: limits, state: state)
            return inner.withUnsafeBufferPointer {
                parseMessage($0, range: 0..<$0.count, path: childPath, depth: depth + 1, forwarded: true, state: state)
            }
        default:
            return parseMessage(buf, range: e.body, path: childPath, depth: depth + 1, forwarded: true, state: state)
        }
    }

    private func attachment(_ e: MIMEEntity, decoder: PartDecoder, forwarded: Bool) -> Attachment {
        Attachment(filename: e.filename, contentType: e.contentType, size: decoder.decodedSize(e),
                   disposition: e.disposition, part: e.path, forwarded: forwarded)
    }

    private func decodeHeaders(_ section: HeaderSection, path: String, state: ParseState) -> [HeaderField] {
        section.fields.map { field in
            if field.repaired8bit { state.defect(.undeclared8bit, part: path, detail: field.name) }
            let decoded = EncodedWords.decode(field.raw)
            for code in decoded.defects { state.defect(code, part: path, detail: field.name) }
            let line = TextDecoding.singleLine(decoded.text)
            // A value that decoding and singleLine left as it was (most: the same string) is the raw
            // value, trimmed already (HeaderSection trims the bytes of every value).
            return HeaderField(name: field.name, value: line == field.raw ? field.raw : line.trimmingSpaces(),
                               rawValue: field.raw)
        }
    }

    private func limitText(_ text: String, part: String, state: ParseState) -> String {
        guard text.utf8.count > limits.maxTextBytes else { return text }
        state.defect(.textLimit, part: part, detail: "over \(limits.maxTextBytes) bytes")
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: limits.maxTextBytes)
        while end > text.startIndex, !text.unicodeScalars.indices.contains(end) { end = text.utf8.index(before: end) }
        return String(text[..<end])
    }
}
