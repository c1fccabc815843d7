/// Bounds on what the parser will process. Past a limit the message is still
/// returned (and later ticketed) with a defect recorded; nothing is dropped.
public struct ParseLimits: Sendable, Hashable, Codable {
    /// Bytes of raw message processed; the rest is ignored (default 50 MiB).
    public var maxMessageBytes: Int
    /// Nesting depth of multiparts and forwarded messages (default 32).
    public var maxDepth: Int
    /// MIME parts in one message, all levels (default 1000).
    public var maxParts: Int
    /// UTF-8 bytes of decoded text kept per view source (default 2 MiB).
    public var maxTextBytes: Int
    /// Bytes of one header section (default 1 MiB).
    public var maxHeaderBytes: Int

    public init(maxMessageBytes: Int = 50 << 20, maxDepth: Int = 32, maxParts: Int = 1000,
                maxTextBytes: Int = 2 << 20, maxHeaderBytes: Int = 1 << 20) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxTextBytes = maxTextBytes
        self.maxHeaderBytes = maxHeaderBytes
    }

    public static let `default` = ParseLimits()
}
