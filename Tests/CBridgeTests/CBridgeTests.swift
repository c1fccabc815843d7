import Testing
import CCLD2
import CMailutils
import CPCRE2
import CSQLite

/// The system libraries are found, linked and callable through their module maps.
@Suite struct CBridgeTests {
    @Test func sqliteOpensAnInMemoryDatabase() {
        var db: OpaquePointer? = nil
        #expect(sqlite3_open(":memory:", &db) == SQLITE_OK)
        #expect(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nil, nil, nil) == SQLITE_OK)
        #expect(sqlite3_close(db) == SQLITE_OK)
    }

    @Test func pcre2CompilesWithJIT() {
        var error: Int32 = 0
        var offset = 0
        let pattern = "rechnung\\s+nr\\.?\\s*(\\d+)"
        let code = pcre2_compile_8(pattern, pattern.utf8.count, UInt32(PCRE2_CASELESS | PCRE2_UTF), &error, &offset, nil)
        #expect(code != nil)
        #expect(pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) == 0)
        let subject = "Ihre RECHNUNG Nr. 1187"
        let match = pcre2_match_data_create_from_pattern_8(code, nil)
        let rc = pcre2_match_8(code, subject, subject.utf8.count, 0, 0, match, nil)
        #expect(rc == 2)
        pcre2_match_data_free_8(match)
        pcre2_code_free_8(code)
    }

    @Test func cld2DetectsFrench() {
        let text = "Bonjour, je vous écris au sujet de la facture que j'ai reçue la semaine dernière, le montant est incorrect."
        var result = bt_cld2_result()
        bt_cld2_detect(text, text.utf8.count, nil, nil, 0, &result)
        let code = withUnsafeBytes(of: result.top.0.code) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        #expect(code == "fr")
    }

    @Test func mailutilsDecodesAnEncodedWord() {
        var out: UnsafeMutablePointer<CChar>? = nil
        #expect(mu_rfc2047_decode("UTF-8", "=?iso-8859-1?q?caf=E9?=", &out) == 0)
        #expect(out.map { String(cString: $0) } == "café")
        bt_mu_free(out)
    }
}
