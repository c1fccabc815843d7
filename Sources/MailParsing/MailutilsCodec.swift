internal import CMailutils
import Foundation

/// The decoding steps billtriage takes from GNU Mailutils: RFC 2047 words,
/// RFC 2231 / MIME header parameters, transfer decoding (base64,
/// quoted-printable) and charset conversion to UTF-8 (iconv filters).
///
/// Only this file and MailboxReader touch libmailutils pointers.
enum MailutilsCodec {
    /// One-time process set-up: iconv filters copy unconvertible bytes through
    /// ("copy-pass") instead of failing the read; TextDecoding repairs them after.
    static let setUp: Void = {
        _ = mu_set_default_fallback("copy-pass")
    }()

    /// Decodes RFC 2047 encoded words to UTF-8; nil when libmailutils rejects
    /// the value (unknown charset, malformed word), so the caller can fall back.
    /// `charsets`: those the words name, as written (`EncodedWords` has parsed them).
    static func decodeEncodedWords(_ value: String, charsets: [String]) -> String? {
        if let simple = SimpleEncodedWords.decode(value) { return simple }
        return decodeEncodedWordsByMailutils(value, charsets: charsets)
    }

    /// `decodeEncodedWords` by libmailutils alone (internal for the test that holds the simple
    /// decoding to it).
    static func decodeEncodedWordsByMailutils(_ value: String, charsets: [String]) -> String? {
        _ = setUp
        for charset in charsets { ConverterModules.keepLoaded(wordCharset: charset) }
        var out: UnsafeMutablePointer<CChar>? = nil
        let rc = mu_rfc2047_decode("UTF-8", value, &out)
        defer { bt_mu_free(out) }
        guard rc == 0, let out else { return nil }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(out).assumingMemoryBound(to: UInt8.self),
                                        count: strlen(out))
        return TextDecoding.utf8Repairing(bytes).text
    }

    /// A structured header value (`Content-Type`, `Content-Disposition`):
    /// the lower-cased main value and the parameters libmailutils decoded
    /// (RFC 2231 continuations and charsets, RFC 2047 words inside quotes).
    struct ParameterizedValue: Sendable {
        var value: String
        var parameters: [String: String]
    }

    static func parseParameterized(_ text: String, wanted: [String]) -> ParameterizedValue {
        if let simple = SimpleParameters.parse(text, wanted: wanted) { return simple }
        return parseParameterizedByMailutils(text, wanted: wanted)
    }

    /// `parseParameterized` by libmailutils alone (internal for the test that holds the simple
    /// reading to it).
    static func parseParameterizedByMailutils(_ text: String, wanted: [String]) -> ParameterizedValue {
        _ = setUp
        var value: UnsafeMutablePointer<CChar>? = nil
        var assoc: mu_assoc_t? = nil
        let rc = mu_mime_header_parse(text, "UTF-8", &value, &assoc)
        defer {
            bt_mu_free(value)
            if assoc != nil { mu_assoc_destroy(&assoc) }
        }
        guard rc == 0 else {
            let main = text.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            return ParameterizedValue(value: main.trimmingSpaces().lowercased(), parameters: [:])
        }
        var params: [String: String] = [:]
        for name in wanted {
            var raw: UnsafePointer<CChar>? = nil
            if bt_mu_assoc_param(assoc, name, &raw) == 0, let raw {
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self),
                                                count: strlen(raw))
                params[name] = TextDecoding.utf8Repairing(bytes).text
            }
        }
        let main = value.map { String(cString: $0) } ?? ""
        return ParameterizedValue(value: main.trimmingSpaces().lowercased(), parameters: params)
    }

    enum DecodeFailure: Error {
        /// The transfer encoding or charset has no libmailutils filter.
        case noFilter(code: Int32)
    }

    /// Undoes a Content-Transfer-Encoding (a libmailutils filter name such as
    /// `base64` or `quoted-printable`) and, when `charset` is given, converts
    /// from it to UTF-8 in the same filter chain.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, transferEncoding: String,
                       charset: String?) throws(DecodeFailure) -> [UInt8] {
        _ = setUp
        var input: mu_stream_t? = nil
        guard mu_static_memory_stream_create(&input, bytes.baseAddress, bytes.count) == 0 else {
            throw .noFilter(code: -1)
        }
        defer { mu_stream_destroy(&input) }
        var filter: mu_stream_t? = nil
        let rc: Int32
        if let charset {
            ConverterModules.keepLoaded(charset)
            rc = mu_decode_filter(&filter, input, transferEncoding, charset, "UTF-8")
        } else {
            rc = mu_filter_create(&filter, input, transferEncoding, Int32(MU_FILTER_DECODE), Int32(MU_STREAM_READ))
        }
        guard rc == 0, filter != nil else { throw .noFilter(code: rc) }
        defer { mu_stream_destroy(&filter) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 64)
        // An uninitialized buffer: zeroing 16 KB for every header word and body part cost
        // more than many of the reads.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16384) { chunk in
            while true {
                var n = 0
                let status = mu_stream_read(filter, chunk.baseAddress, chunk.count, &n)
                if status != 0 || n == 0 { break }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<n]))
            }
        }
        return out
    }
}

/// glibc loads a charset's conversion module (gconv/CP1252.so, ISO8859-1.so…) with `dlopen`
/// when a converter from it opens, and unloads it again soon after the last one closes. libmailutils
/// opens and closes a converter for every part and every encoded word it decodes, so mail in
/// windows-1252 and iso-8859-1 had the modules loaded and unloaded over and over: about 3,000
/// `dlopen`s per 20,000 bench messages (each an open, reads and four mmaps, then munmaps that stop
/// the other core for a TLB flush in multi-threaded runs). One converter per charset is opened
/// here and never closed, so each module stays loaded for the process; at most `limit` charsets
/// (names come from mail).
enum ConverterModules {
    static let limit = 64
    private static let state = Pinned()

    private final class Pinned: @unchecked Sendable {
        let lock = NSLock()
        var tried: Set<String> = []
    }

    /// Keeps the module converting `charset` to UTF-8 loaded (once per name; nothing if none converts it).
    static func keepLoaded(_ charset: String) {
        let s = state
        s.lock.lock()
        defer { s.lock.unlock() }
        guard s.tried.count < limit, s.tried.insert(charset).inserted else { return }
        _ = iconv_open("UTF-8", charset)  // kept open on purpose: see above
    }

    /// The same for a charset as an RFC 2047 word names it (any RFC 2231 language suffix after `*`
    /// dropped; UTF-8 and ASCII need no module).
    static func keepLoaded(wordCharset: String) {
        let name = (wordCharset.split(separator: "*", maxSplits: 1).first.map(String.init) ?? "").lowercased()
        guard !name.isEmpty, name.utf8.count < 40, name != "utf-8", name != "us-ascii" else { return }
        keepLoaded(name)
    }
}

extension Substring {
    /// Trims ASCII spaces, tabs, CR and LF at both ends.
    func trimmingSpaces() -> String { String(trimmingSpacesAsSubstring()) }

    /// The same without copying.
    func trimmingSpacesAsSubstring() -> Substring {
        let u = utf8
        var start = u.startIndex, end = u.endIndex
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while start < end, isSpace(u[start]) { start = u.index(after: start) }
        while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        return self[start..<end]
    }
}

extension String {
    /// Trims ASCII spaces, tabs, CR and LF at both ends.
    func trimmingSpaces() -> String { self[...].trimmingSpaces() }
}
