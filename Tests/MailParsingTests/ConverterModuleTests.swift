import Foundation
import Testing
import MailParsing

/// glibc unloads a charset's conversion module (gconv/*.so) a few releases after its last converter
/// closes; libmailutils opens and closes one per decoded part, so the parser keeps one converter
/// per charset open and each module loaded (see `ConverterModules`).
@Suite struct ConverterModuleTests {
    /// The process's mappings (read to the end: /proc reports a size of 0, and reads that trust it stop at 4 KB).
    private func mapped() throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps"))
        defer { try? handle.close() }
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }

    @Test func charsetModulesStayLoadedBetweenMessages() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/maps") else { return }
        func message(_ charset: String, _ body: String) -> [UInt8] {
            Array("Content-Type: text/plain; charset=\(charset)\nContent-Transfer-Encoding: quoted-printable\n\n\(body)\n".utf8)
        }
        let parser = MIMEParser()
        let samples = [("windows-1252", "Facture =80 12,50", "€ 12,50", "CP1252.so"),
                       ("iso-8859-1", "Fran=E7ois", "François", "ISO8859-1.so"),
                       ("koi8-r", "=F3=DE=C5=D4", "Счет", "KOI8-R.so")]
        // Each charset once, then another one several times: every release of a module is a try at
        // unloading the modules no converter uses (glibc gives up on one after three).
        for (k, first) in samples.enumerated() {
            #expect(parser.parse(message(first.0, first.1)).body.text.contains(first.2))
            let other = samples[(k + 1) % samples.count]
            for _ in 0..<5 { #expect(parser.parse(message(other.0, other.1)).body.text.contains(other.2)) }
            #expect(try mapped().contains("/gconv/" + first.3), "\(first.3) was unloaded")
        }
    }
}
