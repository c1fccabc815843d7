import MailModel

/// One entity of a message's MIME tree, with byte ranges into the message
/// buffer. Built per message by `EntityTreeBuilder`, read by body selection
/// and decoding, then discarded: only `MessagePart` summaries leave the parser.
struct MIMEEntity {
    enum Kind {
        case leaf
        case multipart(subtype: String)
        /// message/rfc822 or message/global: a forwarded message.
        case message
    }

    var path: String
    var kind: Kind
    /// Lower-case `type/subtype`.
    var contentType: String
    var charset: String
    var transferEncoding: String
    var disposition: String
    var filename: String
    var body: Range<Int>
    var children: [MIMEEntity] = []

    var mainType: Substring { contentType.split(separator: "/", maxSplits: 1).first ?? "" }
    var isPlain: Bool { contentType == "text/plain" }
    var isHTML: Bool { contentType == "text/html" }

    /// Machine-readable parts of reports: neither body nor a file the sender attached.
    var isReport: Bool {
        switch contentType {
        case "message/delivery-status", "message/disposition-notification", "message/feedback-report",
             "text/rfc822-headers", "message/global-delivery-status", "message/global-headers",
             "message/global-disposition-notification":
            return true
        default:
            return false
        }
    }

    /// An attached file: declared as such, named, or not text.
    var isAttachment: Bool {
        if case .leaf = kind {
            if disposition == "attachment" || !filename.isEmpty { return true }
            return !isReport && !(isPlain || isHTML)
        }
        return disposition == "attachment" && !filename.isEmpty
    }

    /// A leaf that can supply the body text.
    var isBodyCandidate: Bool {
        guard case .leaf = kind else { return false }
        return (isPlain || isHTML) && !isAttachment
    }
}
