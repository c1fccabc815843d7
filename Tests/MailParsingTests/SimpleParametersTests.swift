import Foundation
import Testing
@testable import MailParsing

/// The byte reading of plain Content-Type and Content-Disposition values gives what libmailutils
/// gives, for every such value of the corpora and the repository's Corpus, folded as written.
@Suite struct SimpleParametersTests {
    private static let wantedSets = [["charset", "boundary", "name"], ["filename"]]

    /// `expectRead`: the value is plain enough that the byte reading must take it.
    private func same(_ value: String, expectRead: Bool? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        var read = false
        for wanted in Self.wantedSets {
            guard let simple = SimpleParameters.parse(value, wanted: wanted) else { continue }
            read = true
            let reference = MailutilsCodec.parseParameterizedByMailutils(value, wanted: wanted)
            #expect(simple.value == reference.value, "\(value)", sourceLocation: sourceLocation)
            #expect(simple.parameters == reference.parameters, "\(value)", sourceLocation: sourceLocation)
        }
        if let expectRead { #expect(read == expectRead, "\(value)", sourceLocation: sourceLocation) }
        return read
    }

    /// Content-Type and Content-Disposition values in a file, continuation lines kept with their line ends.
    private static func values(in bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        var out: [String] = []
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let c = current, let first = line.first, first == " " || first == "\t" {
                current = c + "\n" + line
                continue
            }
            if let c = current { out.append(c) }
            current = nil
            let lower = line.prefix(21).lowercased()
            if lower.hasPrefix("content-type:") { current = String(line.dropFirst(13)) }
            else if lower.hasPrefix("content-disposition:") { current = String(line.dropFirst(20)) }
        }
        if let c = current { out.append(c) }
        return out
    }

    @Test func corpusValuesReadAlike() throws {
        var files: [URL] = []
        let corpus = Fixtures.repositoryRoot.appendingPathComponent("Corpus")
        if let walker = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "eml" || url.pathExtension == "mbox" { files.append(url) }
        }
        if Fixtures.corporaAvailable {
            for folder in ["mime", "mbox", "spam", "bounces", "thunderbird", "enmime", "cpython", "mime4j"] {
                files += Fixtures.corpusFiles(under: folder).map { Fixtures.corpora.appendingPathComponent($0) }
            }
        }
        var values = 0, read = 0
        for url in files {
            guard let data = try? Data(contentsOf: url) else { continue }
            for value in Self.values(in: Array(data)) {
                values += 1
                if same(value) { read += 1 }
            }
        }
        #expect(values > 100)
        #expect(read * 2 > values, "the byte reading took \(read) of \(values) values")
    }

    @Test(arguments: [
        ("text/plain; charset=utf-8", true), ("text/plain; charset=\"UTF-8\"", true), (" TEXT/HTML ;CHARSET = iso-8859-1 ", true),
        ("multipart/alternative;\n\tboundary=\"----=_Part_1_2.3\"", true), ("multipart/alternative;\r\n\tboundary=\"b\"", nil), ("multipart/mixed; boundary=\"a b c\"", true),
        ("attachment; filename=\"invoice 2026-11.pdf\"", true), ("inline", true), ("application/pdf; name=\"x.pdf\"; x-unix-mode=0644", true),
        ("text/plain; charset=us-ascii; format=flowed; delsp=yes", true), ("text/plain;", nil), ("text/plain; charset", nil),
        ("text/plain; charset=\"utf-8\"; charset=\"iso-8859-1\"", nil), ("text/plain (comment); charset=utf-8", nil),
        ("attachment; filename*=utf-8''na%C3%AFve.pdf", nil), ("attachment; filename=\"=?utf-8?B?w6k=?=.pdf\"", nil),
        ("attachment; filename=\"a\\\"b.pdf\"", nil), ("text/plain; charset=\"utf-8", nil), ("", nil), ("text/plain; charset=ütf-8", nil),
        ("multipart/mixed; boundary=\"x\n y\"", nil), ("text/plain; Charset=UTF-8", true), ("text/plain; charset=utf-8;", nil),
        ("text/plain; name=\"\"", nil), ("text/plain;; charset=utf-8", nil), ("text/plain charset=utf-8", nil),
    ] as [(String, Bool?)])
    func valuesReadAlike(_ value: String, _ simple: Bool?) {
        _ = same(value, expectRead: simple)
    }
}
