/// A parsed e-mail message: decoded headers, body text, text views,
/// attachment metadata, MIME structure and defects. Built by MailParsing;
/// analysis code can build one by hand.
public struct Message: Sendable, Hashable, Codable {
    public var headers: [HeaderField]
    /// Decoded Subject ("" when absent).
    public var subject: String
    public var from: [EmailAddress]
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    public var replyTo: [EmailAddress]
    /// Message-ID as written, with its angle brackets; "" when absent.
    public var messageID: String
    public var inReplyTo: [String]
    /// The Message-IDs of the References header (named so it never clashes with
    /// the extracted `references` of SPEC §11).
    public var referenceIDs: [String]
    /// The Date header as written ("" when absent).
    public var date: String
    public var body: BodyText
    public var views: TextViews
    public var attachments: [Attachment]
    /// Forwarded messages (message/rfc822 parts), parsed.
    public var forwarded: [ForwardedMessage]
    public var structure: MessagePart
    public var defects: [Defect]
    /// Size of the raw message in bytes.
    public var rawSize: Int

    public init(headers: [HeaderField] = [], subject: String = "", from: [EmailAddress] = [],
                to: [EmailAddress] = [], cc: [EmailAddress] = [], replyTo: [EmailAddress] = [],
                messageID: String = "", inReplyTo: [String] = [], referenceIDs: [String] = [],
                date: String = "", body: BodyText = BodyText(), views: TextViews = TextViews(),
                attachments: [Attachment] = [], forwarded: [ForwardedMessage] = [],
                structure: MessagePart = MessagePart(path: "", contentType: "text/plain"),
                defects: [Defect] = [], rawSize: Int = 0) {
        self.headers = headers
        self.subject = subject
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.referenceIDs = referenceIDs
        self.date = date
        self.body = body
        self.views = views
        self.attachments = attachments
        self.forwarded = forwarded
        self.structure = structure
        self.defects = defects
        self.rawSize = rawSize
    }

    /// The decoded value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? { headers.first(named: name) }
}

/// A message carried inside another (message/rfc822): kept as forwarded content.
public struct ForwardedMessage: Sendable, Hashable, Codable {
    public var subject: String
    public var from: [EmailAddress]
    public var date: String
    public var text: String
    /// MIME path of the message/rfc822 part.
    public var part: String

    public init(subject: String, from: [EmailAddress], date: String, text: String, part: String) {
        self.subject = subject
        self.from = from
        self.date = date
        self.text = text
        self.part = part
    }
}
