internal import CPCRE2

/// A compiled PCRE2 regular expression (UTF-8, Unicode properties, JIT).
///
/// One owner of the `pcre2_code`: compiled in `init`, freed in `deinit`.
/// Matching is thread-safe: each call allocates its own match data.
public final class Regex: @unchecked Sendable {
    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseInsensitive = Options(rawValue: UInt32(PCRE2_CASELESS))
        public static let multiline = Options(rawValue: UInt32(PCRE2_MULTILINE))
        public static let extended = Options(rawValue: UInt32(PCRE2_EXTENDED))
        /// Matches only at the start offset, for `anchoredMatch`: anchored when compiled, the
        /// pattern runs as JIT code (PCRE2_ANCHORED given at match time falls back to the interpreter).
        public static let anchored = Options(rawValue: UInt32(PCRE2_ANCHORED))
    }

    /// A pattern that failed to compile: message and byte offset, for `file:line:col` diagnostics.
    public struct CompileError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at offset \(offset)" }
    }

    /// One match: the whole match and each capture group as UTF-8 byte ranges (nil when unset).
    public struct Match: Sendable {
        public var range: Range<Int>
        public var groups: [Range<Int>?]
    }

    public let pattern: String
    private let code: OpaquePointer
    public let captureCount: Int
    private let groupNames: [String: Int]
    /// No subject with fewer bytes can match (PCRE2's lower bound, in characters: never more than
    /// bytes). PCRE2 rejects such a subject itself; checking first saves allocating match data.
    private let minimumLength: Int
    /// What `anchoredMatch` passes to PCRE2: nothing when the pattern was compiled anchored.
    private let anchoredMatchOptions: UInt32

    /// `jit: false` only checks and compiles the pattern (for lint): JIT compilation costs
    /// far more than matching a few messages.
    public init(_ pattern: String, options: Options = [], jit: Bool = true) throws(CompileError) {
        self.pattern = pattern
        var error: Int32 = 0
        var offset = 0
        let flags = options.rawValue | UInt32(PCRE2_UTF) | UInt32(PCRE2_UCP) | UInt32(PCRE2_MATCH_INVALID_UTF)
        guard let code = pcre2_compile_8(pattern, pattern.utf8.count, flags, &error, &offset, nil) else {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = pcre2_get_error_message_8(error, &buffer, buffer.count)
            throw CompileError(message: String(decoding: buffer.prefix(max(0, Int(n))), as: UTF8.self), offset: offset)
        }
        self.code = code
        anchoredMatchOptions = options.contains(.anchored) ? 0 : UInt32(PCRE2_ANCHORED)
        if jit { _ = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) }  // the interpreter runs when JIT is off or unavailable
        var count: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        var minimum: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_MINLENGTH), &minimum)
        minimumLength = Int(minimum)
        groupNames = Self.readGroupNames(code)
    }

    deinit { pcre2_code_free_8(code) }

    /// PCRE2_UNSET, `~(size_t)0`, as Swift imports size_t.
    private static let unset = Int(bitPattern: UInt.max)

    /// The number of a named group.
    public func group(named name: String) -> Int? { groupNames[name] }

    /// Every non-overlapping match in `text`, in order.
    public func matches(in text: String) -> [Match] {
        var copy = text
        return copy.withUTF8 { matches(in: $0) }
    }

    public func matches(in bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        var result: [Match] = []
        forEachMatch(in: bytes) { result.append($0); return true }
        return result
    }

    /// True when the pattern matches anywhere in `text`.
    public func isMatch(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var found = false
            forEachMatch(in: bytes) { _ in found = true; return false }
            return found
        }
    }

    /// Match data reused across calls by one thread (it is not Sendable): saves an
    /// allocation per match where a loop matches many times.
    public final class Scratch {
        fileprivate let data: OpaquePointer

        public init() {
            data = pcre2_match_data_create_8(64, nil)!
        }

        deinit { pcre2_match_data_free_8(data) }
    }

    /// The match starting exactly at byte `offset` (PCRE2_ANCHORED), if any.
    public func anchoredMatch(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, scratch: Scratch? = nil) -> Match? {
        guard offset <= bytes.count else { return nil }
        let owned = scratch == nil ? pcre2_match_data_create_from_pattern_8(code, nil) : nil
        defer { if let owned { pcre2_match_data_free_8(owned) } }
        guard let matchData = scratch?.data ?? owned else { return nil }
        let base = bytes.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
        let rc = pcre2_match_8(code, base, bytes.count, offset, anchoredMatchOptions, matchData, nil)
        guard rc > 0 else { return nil }
        return match(from: pcre2_get_ovector_pointer_8(matchData)!)
    }

    private func match(from ovector: UnsafeMutablePointer<Int>) -> Match {
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(captureCount)
        if captureCount > 0 {
            for g in 1...captureCount {
                let s = ovector[2 * g], e = ovector[2 * g + 1]
                groups.append(s == Self.unset ? nil : (s..<e))
            }
        }
        return Match(range: ovector[0]..<ovector[1], groups: groups)
    }

    /// Calls `body` for each match until it returns false.
    public func forEachMatch(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Bool) {
        guard bytes.count >= minimumLength, let matchData = pcre2_match_data_create_from_pattern_8(code, nil) else { return }
        defer { pcre2_match_data_free_8(matchData) }
        let base = bytes.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
        var start = 0
        while start <= bytes.count {
            let rc = pcre2_match_8(code, base, bytes.count, start, 0, matchData, nil)
            guard rc > 0 else { return }
            let m = match(from: pcre2_get_ovector_pointer_8(matchData)!)
            let whole = m.range
            guard body(m) else { return }
            start = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
        }
    }

    private static func readGroupNames(_ code: OpaquePointer) -> [String: Int] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard count > 0, let table else { return [:] }
        var names: [String: Int] = [:]
        for i in 0..<Int(count) {
            let entry = table + i * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            let name = String(cString: UnsafeRawPointer(entry + 2).assumingMemoryBound(to: CChar.self))
            names[name] = number
        }
        return names
    }
}
