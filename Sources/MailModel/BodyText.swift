/// The message's main text, decoded to UTF-8.
public struct BodyText: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        case plain = "text/plain"
        case html = "text/html"
        case none
    }

    /// The decoded text (HTML already converted to readable text).
    public var text: String
    /// Which kind of part supplied it.
    public var source: Source
    /// The charset the text was decoded from, lower case ("" when undeclared).
    public var charset: String
    /// MIME path of the part that supplied it.
    public var part: String

    public init(text: String = "", source: Source = .none, charset: String = "", part: String = "") {
        self.text = text
        self.source = source
        self.charset = charset
        self.part = part
    }
}
