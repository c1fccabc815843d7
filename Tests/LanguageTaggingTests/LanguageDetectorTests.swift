import Foundation
import MailModel
import TextMatching
import Testing
@testable import LanguageTagging

@Suite struct LanguageDetectorTests {
    let detector = LanguageDetector(functionWords: LanguageCaseTests.detector.functionWords)

    @Test(arguments: ["", "INV-2231?", "€45", "ok", "https://example.com/pay/7781", "+49 511 000000"])
    func tooLittleTextIsUndetermined(text: String) {
        let r = detector.detect(LanguageDetector.Input(newText: text))
        #expect(r.code == "und")
        #expect(r.confidence == 0)
    }

    @Test func quotedHistoryIsNotPassedSoTheNewTextDecides() {
        let r = detector.detect(LanguageDetector.Input(
            newText: "Ich habe die Rechnung 2024/1187 schon am Montag bezahlt, bitte prüfen Sie das.",
            subject: "Re: Your invoice 2024/1187", contentLanguage: "en-US", senderDomain: "example.com"))
        #expect(r.code == "de")
        #expect(r.confidence > 0.5)
    }

    @Test func expectedLanguagesNarrowTheChoice() {
        let text = "Hoi, ik heb de factuur al betaald maar ik krijg nog steeds een herinnering."
        #expect(detector.detect(LanguageDetector.Input(newText: text)).code == "nl")
        var narrowed = detector
        narrowed.expected = ["en", "de", "fr"]
        #expect(narrowed.detect(LanguageDetector.Input(newText: text)).code != "nl")
    }

    @Test func cld2CodesBecomeISO6391() {
        #expect(LanguageDetector.isoCode("no") == "nb")
        #expect(LanguageDetector.isoCode("iw") == "he")
        #expect(LanguageDetector.isoCode("zh-Hant") == "zh")
        #expect(LanguageDetector.primaryTag("de-DE, en;q=0.8") == "de")
        #expect(LanguageDetector.countryTLD("mail.example.de") == "de")
        #expect(LanguageDetector.countryTLD("example.com") == "")
        #expect(LanguageDetector.countryTLD("Mail.Example.DE.") == "de")
        #expect(LanguageDetector.countryTLD("fr") == "fr")
        #expect(LanguageDetector.countryTLD("") == "")
        #expect(LanguageDetector.countryTLD("...") == "")
        #expect(LanguageDetector.countryTLD("bücher.AT") == "at")
        #expect(LanguageDetector.countryTLD("bücher.ü") == "")
    }

    @Test func replyPrefixesAreStrippedFromTheSubject() {
        #expect(LanguageDetector.strippingReplyPrefixes("RE: AW: Fwd: Rechnung") == "Rechnung")
        #expect(LanguageDetector.strippingReplyPrefixes("Ratio: 2:1") == "Ratio: 2:1")
        #expect(LanguageDetector.strippingReplyPrefixes("   Rechnung offen") == "Rechnung offen")
        #expect(LanguageDetector.strippingReplyPrefixes("re:Rechnung") == "Rechnung")
        #expect(LanguageDetector.strippingReplyPrefixes("") == "")
    }
}

@Suite struct ShortSpanishTests {
    /// CLD2 says Italian (98%, "reliable") for this short Spanish sentence; its words are
    /// Spanish (quisiera, al, del, que), and a Catalan runner-up must not keep the Italian answer.
    @Test func shortSpanishPlanChangeIsNotItalian() {
        let r = LanguageCaseTests.detector.detect(.init(newText: "Quisiera pasar al plan Premium a partir del mes que viene",
                                                        subject: "plan"))
        #expect(r.code == "es", "\(r.code) \(r.reason)")
    }
}

@Suite struct FunctionWordsTests {
    /// Reading the file straight into the index gives what the per-language word sets give.
    @Test func shippedFileIndexesAsTheWordSetsDo() throws {
        let path = LanguageCaseTests.repositoryRoot.appendingPathComponent("Rules/language/function-words.rules").path
        let read = try FunctionWords(file: path)
        let file = try RuleFile(path: path, contents: String(contentsOfFile: path, encoding: .utf8))
        var words: [String: Set<String>] = [:]
        for e in file.entries { words[e.key, default: []].formUnion(RuleFile.phrases(e.value).map { TextFolding.fold($0) }) }
        let built = FunctionWords(words: words)
        #expect(read.codes == built.codes)
        #expect(read.index == built.index)
        #expect(read.codes.count >= 10 && read.index.count > 300)
    }
}
