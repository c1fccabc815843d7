/// English amounts written in words: "two hundred", "one thousand five hundred", "a hundred".
enum NumberWords {
    private static let units: [String: Int] = [
        "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
        "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    private static let scales: [String: Int] = ["hundred": 100, "thousand": 1000, "million": 1_000_000]

    /// Regex alternation of the number words, longest first.
    static let alternation: String = (Array(units.keys) + Array(scales.keys))
        .sorted { $0.count > $1.count }.joined(separator: "|")

    /// The value of a run of number words; nil when it is not a number ("a" alone).
    static func value(of text: String) -> Int? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "\n" || $0 == "\t" })
            .map(String.init).filter { $0 != "and" }
        guard !words.isEmpty, words != ["a"] else { return nil }
        var total = 0, current = 0
        for w in words {
            if let u = units[w] {
                current += u
            } else if let s = scales[w] {
                if current == 0 { current = 1 }
                if s == 100 { current *= 100 } else { total += current * s; current = 0 }
            } else {
                return nil
            }
        }
        return total + current
    }
}
