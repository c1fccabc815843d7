/// Charset labels as mail writes them, mapped to names iconv knows.
enum Charsets {
    /// nil for "no charset declared" (absent, or a label that means unknown).
    static func normalize(_ label: String) -> String? {
        var l = label.trimmingCharacters(in: " \t\"'").lowercased()
        if l.isEmpty { return nil }
        if let star = l.firstIndex(of: "*") { l = String(l[..<star]) }  // RFC 2231 language suffix
        if let alias = aliases[l] { return alias.isEmpty ? nil : alias }
        return l
    }

    static func isUTF8OrASCII(_ charset: String) -> Bool {
        charset == "utf-8" || charset == "us-ascii"
    }

    /// False for 7-bit stateful and wide encodings, whose ASCII-looking bytes still need converting.
    static func isASCIICompatible(_ charset: String) -> Bool {
        !(charset.hasPrefix("iso-2022") || charset.hasPrefix("utf-7") || charset.hasPrefix("utf-16")
          || charset.hasPrefix("utf-32") || charset.hasPrefix("ucs-") || charset.hasPrefix("hz"))
    }

    /// Charsets iconv is known to convert, so ASCII text declared in them needs no check.
    static func isWellKnown(_ charset: String) -> Bool {
        ["iso-8859-", "windows-12", "cp", "koi8-", "gb", "big5", "euc-", "iso-2022-", "utf-", "macintosh"]
            .contains { charset.hasPrefix($0) }
    }

    private static let aliases: [String: String] = [
        "utf8": "utf-8", "utf-8": "utf-8", "unicode-1-1-utf-8": "utf-8", "x-unicode20utf8": "utf-8",
        "us-ascii": "us-ascii", "ascii": "us-ascii", "ansi_x3.4-1968": "us-ascii", "iso646-us": "us-ascii",
        "us": "us-ascii",
        "unknown-8bit": "", "x-unknown": "", "unknown": "", "default": "", "x-user-defined": "windows-1252",
        "latin1": "iso-8859-1", "latin-1": "iso-8859-1", "l1": "iso-8859-1", "iso8859-1": "iso-8859-1",
        "iso_8859-1": "iso-8859-1", "iso8859-15": "iso-8859-15", "latin9": "iso-8859-15",
        "cp-1252": "windows-1252", "win-1252": "windows-1252", "cp1252": "windows-1252",
        "cp-1251": "windows-1251", "win-1251": "windows-1251", "cp1251": "windows-1251",
        "iso-8859-8-i": "iso-8859-8", "iso-8859-6-i": "iso-8859-6",
        "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "euc-kr": "cp949", "x-windows-949": "cp949",
        "gb2312": "gbk", "x-gbk": "gbk", "gb_2312-80": "gbk", "cn-gb": "gbk", "euc-cn": "gbk",
        "shift_jis": "cp932", "shift-jis": "cp932", "x-sjis": "cp932", "sjis": "cp932", "ms_kanji": "cp932",
        "windows-31j": "cp932",
        "big5": "big5-hkscs", "x-big5": "big5-hkscs", "cn-big5": "big5-hkscs",
        "x-mac-roman": "macintosh", "macroman": "macintosh",
        "tis-620": "cp874", "windows-874": "cp874",
    ]
}
