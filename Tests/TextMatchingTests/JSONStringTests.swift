import Foundation
import Testing
import TextMatching

/// The byte writer and the String writer give the same literal, and Foundation reads it back.
struct JSONStringTests {
    @Test(arguments: ["", "plain", "quote \" and \\ backslash", "line\nbreak\ttab\r", "ctl \u{1}\u{1F}\u{7F}", "é 日本 👍 €",
                      "line\u{2028}sep\u{2029}para", "\u{2027}\u{202A} not separators", "ends with \u{2028}"])
    func bytesAndStringAgree(text: String) throws {
        var string = ""
        JSONString.append(text, to: &string)
        var bytes: [UInt8] = []
        JSONString.append(text, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == string)
        #expect(!string.contains("\u{2028}") && !string.contains("\u{2029}"))
        #expect(try JSONDecoder().decode(String.self, from: Data(bytes)) == text)
    }

    @Test func escapesAsRFC8259WithTheJavaScriptSeparators() {
        var bytes: [UInt8] = []
        JSONString.append("a\"\\\n\r\t\u{1}\u{1F}\u{2028}\u{2029}é", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #""a\"\\\n\r\t\u0001\u001f\u2028\u2029é""#)
    }
}
