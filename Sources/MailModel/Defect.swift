/// Something wrong with a message that the parser worked around.
///
/// Malformed mail is data, not an exception (Python's `email.errors` model):
/// every workaround is recorded here, with where it happened.
public struct Defect: Sendable, Hashable, Codable {
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        case malformedHeader = "malformed_header"
        case headerLimit = "header_limit"
        case multipartWithoutBoundary = "multipart_without_boundary"
        case startBoundaryNotFound = "start_boundary_not_found"
        case closeBoundaryMissing = "close_boundary_missing"
        case invalidBase64 = "invalid_base64"
        case invalidQuotedPrintable = "invalid_quoted_printable"
        case unknownTransferEncoding = "unknown_transfer_encoding"
        case unknownCharset = "unknown_charset"
        case charsetConversionError = "charset_conversion_error"
        case undeclared8bit = "undeclared_8bit"
        case invalidUTF8 = "invalid_utf8"
        case invalidEncodedWord = "invalid_encoded_word"
        case nulBytes = "nul_bytes"
        case emptyMessage = "empty_message"
        case sizeLimit = "size_limit"
        case depthLimit = "depth_limit"
        case partsLimit = "parts_limit"
        case textLimit = "text_limit"
    }

    public var code: Code
    /// MIME part path ("" for the top level, "1.2" for the second child of the first part).
    public var part: String
    /// A short human-readable detail. Never contains mail text beyond a header name or charset.
    public var detail: String

    public init(_ code: Code, part: String = "", detail: String = "") {
        self.code = code
        self.part = part
        self.detail = detail
    }
}
