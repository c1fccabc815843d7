/// The decoded body text split into what the sender wrote now and the rest.
///
/// Classification and extraction read `newText` (and the subject) first;
/// `quoted` only informs threading; `signature` is never mined for invoices.
public struct TextViews: Sendable, Hashable, Codable {
    /// What the sender wrote in this message.
    public var newText: String
    /// Reply history: `>` lines and the tail after an attribution or header block.
    public var quoted: String
    /// The signature block: after `-- `, a sign-off formula, or a mobile footer.
    public var signature: String
    /// Forwarded content: inline-forwarded text and the text of message/rfc822 parts.
    public var forwarded: String

    public init(newText: String = "", quoted: String = "", signature: String = "", forwarded: String = "") {
        self.newText = newText
        self.quoted = quoted
        self.signature = signature
        self.forwarded = forwarded
    }
}
