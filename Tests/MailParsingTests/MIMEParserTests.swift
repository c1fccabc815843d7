import Testing
import MailModel
import MailParsing

/// Behaviour of the parser on small hand-written messages: decoding, body
/// choice, attachments, defects and limits.
@Suite struct MIMEParserTests {
    private func parse(_ text: String, limits: ParseLimits = .default) -> Message {
        MIMEParser(limits: limits).parse(Array(text.utf8))
    }

    private func codes(_ m: Message) -> Set<String> { Set(m.defects.map(\.code.rawValue)) }

    @Test func decodesEncodedWordsInSubjectAndFromName() {
        let m = parse("""
            From: =?ISO-8859-1?Q?Jos=E9_P=E9rez?= <jose@example.es>
            Subject: =?UTF-8?B?RmFjdHVyYSBGLTIwMjQtMzM5?= =?UTF-8?Q?_=E2=80=93_importe?=

            Hola
            """)
        #expect(m.subject == "Factura F-2024-339 – importe")
        #expect(m.from == [EmailAddress(name: "José Pérez", address: "jose@example.es")])
        #expect(m.defects.isEmpty)
    }

    @Test func unknownCharsetInOneWordKeepsTheOthers() {
        let m = parse("Subject: =?x-klingon?Q?qapla?= and =?utf-8?Q?caf=C3=A9?=\n\nx\n")
        #expect(m.subject == "qapla and café")
        #expect(codes(m).contains("unknown_charset"))
    }

    @Test func crlfAndLfGiveTheSameModel() {
        let lf = "Subject: Rechnung\nFrom: a@example.de\n\nZeile 1\nZeile 2\n"
        let a = parse(lf), b = parse(lf.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(a.subject == b.subject)
        #expect(a.body.text == b.body.text)
        #expect(b.body.text == "Zeile 1\nZeile 2\n")
    }

    @Test func quotedPrintableLatin1IsConverted() {
        let m = parse("""
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Gr=FC=DFe, die Rechnung =FCber 1.234,56 =80 ist falsch.=
             Danke
            """)
        #expect(m.body.text.hasPrefix("Grüße, die Rechnung über 1.234,56 \u{80}"))
        #expect(m.body.charset == "iso-8859-1")
    }

    @Test func windows1252EuroSign() {
        var bytes = Array("Content-Type: text/plain; charset=windows-1252\n\nTotal: 45 ".utf8)
        bytes.append(0x80)
        let m = MIMEParser().parse(bytes + Array("\n".utf8))
        #expect(m.body.text == "Total: 45 €\n")
    }

    @Test func undeclaredEightBitFallsBackToWindows1252() {
        var bytes = Array("Subject: x\n\nfacture r".utf8)
        bytes += [0xE9, 0x67, 0x6C, 0xE9, 0x65, 0x20, 0x80, 0x0A]  // "réglée €" in windows-1252
        let m = MIMEParser().parse(bytes)
        #expect(m.body.text == "facture réglée €\n")
        #expect(codes(m).contains("undeclared_8bit"))
    }

    @Test func undeclaredUTF8IsKeptAsUTF8() {
        let m = parse("Subject: x\n\nÜberweisung erhalten?\n")
        #expect(m.body.text == "Überweisung erhalten?\n")
        #expect(codes(m).contains("undeclared_8bit"))
    }

    @Test func iso2022jpBody() {
        // "請求書" in ISO-2022-JP
        let body: [UInt8] = [0x1B, 0x24, 0x42, 0x40, 0x41, 0x35, 0x61, 0x3D, 0x71, 0x1B, 0x28, 0x42, 0x0A]
        let m = MIMEParser().parse(Array("Content-Type: text/plain; charset=ISO-2022-JP\n\n".utf8) + body)
        #expect(m.body.text == "請求書\n")
    }

    /// "Счёт 15" (invoice 15) in three Cyrillic charsets, and "請求書" in Shift_JIS and GB2312.
    @Test(arguments: [
        ("koi8-r", [0xF3, 0xDE, 0xA3, 0xD4] as [UInt8], "Счёт"),
        ("windows-1251", [0xD1, 0xF7, 0xB8, 0xF2], "Счёт"),
        ("iso-8859-5", [0xC1, 0xE7, 0xF1, 0xE2], "Счёт"),
        ("Shift_JIS", [0x90, 0xBF, 0x8B, 0x81, 0x8F, 0x91], "請求書"),
        ("gb2312", [0xC7, 0xEB, 0xC7, 0xF3, 0xCA, 0xE9], "请求书"),
    ])
    func convertsCharsetToUTF8(charset: String, bytes: [UInt8], expected: String) {
        let m = MIMEParser().parse(Array("Content-Type: text/plain; charset=\(charset)\n\n".utf8) + bytes + Array(" 15\n".utf8))
        #expect(m.body.text == expected + " 15\n")
        #expect(m.defects.isEmpty)
    }

    @Test func plainAlternativeIsPreferredOverHTML() {
        let m = parse("""
            Content-Type: multipart/alternative; boundary="b"

            --b
            Content-Type: text/html

            <p>HTML version</p>
            --b
            Content-Type: text/plain

            Plain version
            --b--
            """)
        #expect(m.body.source == .plain)
        #expect(m.body.text == "Plain version")
        #expect(m.structure.children.map(\.role) == [.alternative, .body])
    }

    @Test func emptyPlainAlternativeLosesToHTML() {
        let m = parse("""
            Content-Type: multipart/alternative; boundary="b"

            --b
            Content-Type: text/plain

            \("")
            --b
            Content-Type: text/html

            <div>Please refund <b>INV-77</b> &amp; close my account&nbsp;&#8364;12</div>
            --b--
            """)
        #expect(m.body.source == .html)
        #expect(m.body.text == "Please refund INV-77 & close my account €12")
    }

    @Test func htmlBecomesReadableText() {
        let m = parse("""
            Content-Type: text/html; charset=utf-8

            <html><head><title>t</title><style>p{color:red}</style></head><body>
            <p>Dear team,</p><p>the invoice<br>is wrong.</p><script>alert(1)</script>
            <ul><li>INV-1</li><li>INV-2</li></ul><table><tr><td>Total</td><td>12,00&nbsp;&euro;</td></tr></table>
            <blockquote>old message</blockquote></body></html>
            """)
        #expect(m.body.text == "Dear team,\n\nthe invoice\nis wrong.\n\n- INV-1\n- INV-2\n\nTotal 12,00 €\n\n> old message")
        #expect(m.views.quoted == "> old message")
        #expect(!m.body.text.contains("alert") && !m.body.text.contains("color"))
    }

    @Test func attachmentsWithRFC2231NamesAndSizes() {
        let m = parse("""
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            See attached.
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=UTF-8''Factura%20F-2024-339%E2%82%AC.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b
            Content-Type: image/png; name="=?utf-8?Q?sch=C3=B6n.png?="
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --b--
            """)
        #expect(m.attachments.map(\.filename) == ["Factura F-2024-339€.pdf", "schön.png"])
        #expect(m.attachments.map(\.size) == [9, 8])
        #expect(m.attachments.map(\.contentType) == ["application/pdf", "image/png"])
        #expect(m.body.text == "See attached.")
    }

    @Test func forwardedMessageIsForwardedContent() {
        let m = parse("""
            Subject: Fwd: reminder
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            I already paid this, see below.
            --b
            Content-Type: message/rfc822

            From: Billing <billing@example.com>
            Subject: Payment reminder INV-9

            Invoice INV-9 is overdue.
            --b--
            """)
        #expect(m.body.text == "I already paid this, see below.")
        #expect(m.forwarded.map(\.subject) == ["Payment reminder INV-9"])
        #expect(m.views.forwarded == "Invoice INV-9 is overdue.")
        #expect(m.views.newText == "I already paid this, see below.")
    }

    @Test func missingCloseBoundaryKeepsTheLastPart() {
        let m = parse("Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nno close here\n")
        #expect(m.body.text == "no close here\n")
        #expect(codes(m) == ["close_boundary_missing"])
    }

    @Test func wrongBoundaryKeepsTheTextAsBody() {
        let m = parse("Content-Type: multipart/mixed; boundary=YY\n\n--XX\n\nhello\n--XX--\n")
        #expect(m.body.text.contains("hello"))
        #expect(codes(m).contains("start_boundary_not_found"))
        let n = parse("Content-Type: multipart/mixed\n\n--XX\n\nhello\n--XX--\n")
        #expect(n.body.text.contains("hello"))
        #expect(codes(n).contains("multipart_without_boundary"))
    }

    @Test func strayHeaderLineStartsTheBody() {
        let m = parse("Subject: hi\nthis line has no colon\nFrom: x@example.com\n\nbody\n")
        #expect(m.subject == "hi")
        #expect(m.body.text.hasPrefix("this line has no colon"))
        #expect(codes(m).contains("malformed_header"))
    }

    @Test func nulBytesAndEmptyInput() {
        let m = MIMEParser().parse(Array("Subject: a\u{0}b\n\nx\u{0}y\n".utf8))
        #expect(m.subject == "a b")
        #expect(m.body.text == "x y\n")
        #expect(codes(m).contains("nul_bytes"))
        #expect(codes(MIMEParser().parse([])).contains("empty_message"))
    }

    @Test func invalidBase64IsRepairedAndRecorded() {
        let m = parse("Content-Transfer-Encoding: base64\n\nSGVs!bG8g\nV29ybGQh\n")
        #expect(m.body.text == "Hello World!")
        #expect(codes(m).contains("invalid_base64"))
    }

    @Test func limitsAreRecordedNotFatal() {
        let limits = ParseLimits(maxMessageBytes: 60, maxDepth: 32, maxParts: 1000, maxTextBytes: 10)
        let m = parse("Subject: big\n\n" + String(repeating: "a", count: 100), limits: limits)
        #expect(m.subject == "big")
        #expect(codes(m).isSuperset(of: ["size_limit", "text_limit"]))
        #expect(m.body.text.utf8.count <= 10)
    }

    @Test func deepNestingStopsAtTheDepthLimit() {
        var text = ""
        for i in 0..<50 { text += "Content-Type: multipart/mixed; boundary=\"b\(i)\"\n\n--b\(i)\n" }
        text += "Content-Type: text/plain\n\ndeep\n"
        let m = parse(text)
        #expect(codes(m).contains("depth_limit"))
    }

    @Test func manyPartsStopAtThePartsLimit() {
        var text = "Content-Type: multipart/mixed; boundary=b\n\n"
        for i in 0..<30 { text += "--b\nContent-Type: text/plain\n\npart \(i)\n" }
        text += "--b--\n"
        let m = parse(text, limits: ParseLimits(maxParts: 10))
        #expect(codes(m).contains("parts_limit"))
        #expect(m.structure.children.count == 10)
    }

    @Test func addressHeadersAreParsedLeniently() {
        let m = parse("""
            From: "Müller, Hans" <hans@example.de>
            To: a@example.com, "B" <b@example.com>, Undisclosed: ;
            Cc: c@example.com (Carla)
            Reply-To: <reply@example.org>
            Message-ID: <abc@example.de>
            References: <r1@x> <r2@x>
            In-Reply-To: <r2@x>

            x
            """)
        #expect(m.from == [EmailAddress(name: "Müller, Hans", address: "hans@example.de")])
        #expect(m.to.map(\.address) == ["a@example.com", "b@example.com"])
        #expect(m.cc == [EmailAddress(name: "Carla", address: "c@example.com")])
        #expect(m.replyTo.map(\.address) == ["reply@example.org"])
        #expect(m.messageID == "<abc@example.de>")
        #expect(m.referenceIDs == ["<r1@x>", "<r2@x>"])
        #expect(m.inReplyTo == ["<r2@x>"])
    }

    @Test(arguments: [
        ("<a@x> <b@y>", ["<a@x>", "<b@y>"]),
        ("< a @x\t>", ["<a@x>"]),
        ("<> <c@z>", ["<c@z>"]),
        ("a@x, b@y", ["a@x", "b@y"]),
    ])
    func messageIDListsAreTheBracketedTokensWithoutWhitespace(value: String, ids: [String]) {
        #expect(parse("References: \(value)\n\nx\n").referenceIDs == ids)
    }

    @Test func headerInjectionCharactersNeverReachDecodedValues() {
        let m = parse("Subject: =?utf-8?Q?Hi=0D=0ABcc:_evil@example.com?=\n\nx\n")
        #expect(!m.subject.contains("\n") && !m.subject.contains("\r"))
    }
}
