import Foundation
import Testing
@testable import MailParsing

/// The byte decoding of UTF-8, US-ASCII, ISO-8859-1 and windows-1252 encoded words gives what libmailutils
/// gives: on every header value with an encoded word in Corpus and ../shared/corpora, and on
/// values generated around the cases RFC 2047 leaves to the decoder (whitespace between words,
/// text next to a word, escapes, padding, bytes invalid in the charset).
@Suite struct SimpleEncodedWordsTests {
    private func same(_ value: String, expectDecoded: Bool? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let simple = SimpleEncodedWords.decode(value)
        if let expectDecoded { #expect((simple != nil) == expectDecoded, "\(value)", sourceLocation: sourceLocation) }
        guard let simple else { return false }
        let reference = MailutilsCodec.decodeEncodedWordsByMailutils(value, charsets: [])
        #expect(simple == reference, "\(value)", sourceLocation: sourceLocation)
        return true
    }

    /// Header values (continuation lines joined with their line ends) that hold "=?".
    private static func values(in bytes: [UInt8]) -> [String] {
        var out: [String] = []
        var current: String?
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if let c = current, let first = line.first, first == " " || first == "\t" { current = c + "\n" + line; continue }
            if let c = current, c.contains("=?") { out.append(c) }
            current = nil
            if let colon = line.firstIndex(of: ":"), line[..<colon].allSatisfy({ $0.isLetter || $0 == "-" }), !line[..<colon].isEmpty {
                current = String(line[line.index(after: colon)...])
            }
        }
        if let c = current, c.contains("=?") { out.append(c) }
        return out
    }

    @Test func corpusValuesDecodeAlike() {
        var files: [URL] = []
        for root in [Fixtures.repositoryRoot.appendingPathComponent("Corpus")] + (Fixtures.corporaAvailable ? [Fixtures.corpora] : []) {
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.lastPathComponent != "SOURCE.md" && !url.hasDirectoryPath { files.append(url) }
        }
        var values = 0, decoded = 0
        for url in files {
            guard let data = try? Data(contentsOf: url), data.count < 4_000_000 else { continue }
            for value in Self.values(in: Array(data)) {
                values += 1
                if same(value) { decoded += 1 }
            }
        }
        #expect(values > 50)
        #expect(decoded > 20, "decoded \(decoded) of \(values)")
    }

    @Test(arguments: [
        ("=?utf-8?Q?Zo=C3=AB_O=27Brien?=", true), ("=?UTF-8?q?Zo=c3=ab?=", true), ("=?utf-8?B?Sm/Do28gQnJhbmTDo28=?=", true),
        ("Re: =?iso-8859-1?Q?Factura_pendiente_=E1?= (urgente)", true), ("=?iso-8859-1?b?5+nz?=", true), ("=?us-ascii?Q?plain?=", true),
        ("=?utf-8?Q?a?= =?utf-8?Q?b?=", true), ("=?utf-8?Q?a?=\n =?utf-8?Q?b?=", true), ("=?utf-8?Q?a?=  x  =?utf-8?Q?b?=", true),
        ("=?utf-8?Q?a?==?utf-8?Q?b?=", nil), ("x=?utf-8?Q?a?=y", nil), ("=?utf-8?Q?a_b?= tail", true), ("head =?utf-8?B?w6k=?=", true),
        ("=?utf-8?Q?=C3?=", false), ("=?us-ascii?Q?=E9?=", false), ("=?windows-1252?Q?=E9?=", true), ("=?utf-8?Q?=G1?=", false),
        ("=?utf-8?B?w6k?=", false), ("=?utf-8?B?w6k==?=", false), ("=?utf-8?Q??=", false), ("=?utf-8?X?abc?=", false),
        ("=?utf-8*en?Q?a?=", false), ("no words at all", true), ("", true), ("=?utf-8?Q?a b?=", false), ("café =?utf-8?Q?a?=", false),
        ("=?utf-8?Q?=3D=3F?=", true), ("=?utf-8?Q?100%?=", true), ("=?ISO-8859-1?Q?=80=9F=A0=FF?=", true), ("=?utf-8?B?4oKs?=", true),
        ("=?utf-8?Q?a?=\t=?utf-8?Q?b?=\tc", true), ("=?windows-1252?Q?=80=82=83=84=85=86=87=88=89=8A=8B=8C=8E=91=92=93=94=95=96=97=98=99=9A=9B=9C=9E=9F?=", true),
        ("=?windows-1252?Q?=A0=E9=FF?=", true), ("=?windows-1252?Q?=8D?=", false), ("=?", false), ("a =? b", false), ("=?utf-8?Q?a?= =?utf-8?Q?b", false),
    ] as [(String, Bool?)])
    func valuesDecodeAlike(_ value: String, _ decoded: Bool?) {
        _ = same(value, expectDecoded: decoded)
    }

    /// Seeded random values built from words, whitespace and text.
    @Test func generatedValuesDecodeAlike() {
        var rng = SplitMix(seed: 2047)
        let words = ["=?utf-8?Q?Zo=C3=AB?=", "=?utf-8?B?w6k=?=", "=?iso-8859-1?Q?=E1=E9?=", "=?us-ascii?Q?a_b?=", "=?UTF-8?b?SGk=?=",
                     "=?utf-8?q?x=3Fy?=", "=?iso-8859-1?B?/w==?=", "=?utf-8?Q?_?=", "=?iso-8859-1?q?=e9=fc?=", "=?utf-8?Q?=e9?=",
                     "=?utf-8?Q?a=?=", "=?", "?=", "=?utf-8?Q?", "=?utf-8?B?YQ==?=", "=?windows-1252?Q?Nicol=F2_=80=85=9F?=",
                     "=?Windows-1252?B?k5Q=?=", "=?windows-1252?Q?=81?="]
        let gaps = [" ", "  ", "\t", "\n ", "\n\t", "", " x ", "-", "\"", ", ", "(", ")", "\n", " \n ", "?", "=", " \t "]
        var decoded = 0
        for _ in 0..<6000 {
            var value = ""
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                value += gaps[Int(rng.next() % UInt64(gaps.count))]
                value += words[Int(rng.next() % UInt64(words.count))]
            }
            value += gaps[Int(rng.next() % UInt64(gaps.count))]
            if same(value) { decoded += 1 }
        }
        #expect(decoded > 1000, "decoded \(decoded) of 6000")
    }
}

private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
