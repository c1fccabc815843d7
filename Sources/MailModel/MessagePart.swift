/// The MIME structure of a message, without content: what `parse` shows and
/// what rules can test (types, names, sizes).
public struct MessagePart: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        /// A multipart container.
        case container
        /// Supplies the body text.
        case body
        /// Inline text that was appended to the body (e.g. text around an inline image).
        case bodyContinuation = "body_continuation"
        /// A text alternative that lost to the chosen one.
        case alternative
        /// An attached file.
        case attachment
        /// A forwarded message (message/rfc822); its own parts are its children.
        case forwardedMessage = "forwarded_message"
        /// Machine-readable report parts (message/delivery-status, text/rfc822-headers …).
        case report
        /// Anything else (empty parts, parts past a limit).
        case other
    }

    /// "" for the top level, "1", "1.2" … like IMAP part numbers.
    public var path: String
    /// Lower-case `type/subtype` as the parser understood it.
    public var contentType: String
    public var charset: String
    public var transferEncoding: String
    public var disposition: String
    public var filename: String
    /// Size in bytes of the encoded body of this part.
    public var encodedSize: Int
    public var role: Role
    public var children: [MessagePart]

    public init(path: String, contentType: String, charset: String = "", transferEncoding: String = "",
                disposition: String = "", filename: String = "", encodedSize: Int = 0,
                role: Role = .other, children: [MessagePart] = []) {
        self.path = path
        self.contentType = contentType
        self.charset = charset
        self.transferEncoding = transferEncoding
        self.disposition = disposition
        self.filename = filename
        self.encodedSize = encodedSize
        self.role = role
        self.children = children
    }

    /// Every part of the tree, depth-first, this one first.
    public var flattened: [MessagePart] {
        [self] + children.flatMap(\.flattened)
    }
}
