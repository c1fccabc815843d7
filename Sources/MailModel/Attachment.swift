/// Metadata of an attached file. The content itself is not kept in the model.
public struct Attachment: Sendable, Hashable, Codable {
    /// File name, RFC 2231 / RFC 2047 decoded; "" when the part has none.
    public var filename: String
    /// Lower-case `type/subtype`.
    public var contentType: String
    /// Decoded size in bytes.
    public var size: Int
    /// `attachment`, `inline` or "" when the part has no Content-Disposition.
    public var disposition: String
    /// MIME part path ("1.2").
    public var part: String
    /// True when the part sits inside a forwarded (message/rfc822) message.
    public var forwarded: Bool

    public init(filename: String, contentType: String, size: Int, disposition: String,
                part: String, forwarded: Bool = false) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.disposition = disposition
        self.part = part
        self.forwarded = forwarded
    }
}
