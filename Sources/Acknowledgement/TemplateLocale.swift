import Foundation
import MailModel
import TextMatching

/// How one language writes dates, amounts and lists in an acknowledgement:
/// `Rules/templates/<lang>/locale.toml`, analysts' data.
public struct TemplateLocale: Sendable, Equatable {
    public var months: [String]
    public var weekdays: [String]
    /// `{weekday}`, `{day}`, `{month}`, `{year}`.
    public var date: String
    public var and: String
    public var decimalSeparator: String
    public var groupSeparator: String
    /// `{value}` and `{currency}` (ISO 4217 code).
    public var amount: String
    /// How the first day of a month is written where it is not "1" (fr "1er", it/pt "1º").
    public var firstDay: String? = nil

    public static let english = TemplateLocale(
        months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
        weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        date: "{weekday}, {day} {month} {year}", and: "and", decimalSeparator: ".", groupSeparator: ",",
        amount: "{value} {currency}")

    public init(months: [String], weekdays: [String], date: String, and: String, decimalSeparator: String,
                groupSeparator: String, amount: String) {
        self.months = months
        self.weekdays = weekdays
        self.date = date
        self.and = and
        self.decimalSeparator = decimalSeparator
        self.groupSeparator = groupSeparator
        self.amount = amount
    }

    static let keys = ["months", "weekdays", "date", "and", "decimal_separator", "group_separator", "amount", "first_day"]

    /// Reads a locale file; every key but `first_day` is required, and all are checked.
    public init(path: String, contents: String) throws(RuleFile.SyntaxError) {
        let file = try ConfigFile(path: path, contents: contents)
        func fail(_ key: String, _ what: String) -> RuleFile.SyntaxError {
            RuleFile.SyntaxError(file: path, line: file.lines[key] ?? 1, column: 1, message: "'\(key)' must be \(what)")
        }
        func string(_ key: String) throws(RuleFile.SyntaxError) -> String {
            guard let s = file[key]?.string else { throw fail(key, "a quoted string") }
            return s
        }
        guard let months = file["months"]?.strings, months.count == 12 else { throw fail("months", "a list of 12 names") }
        guard let weekdays = file["weekdays"]?.strings, weekdays.count == 7 else {
            throw fail("weekdays", "a list of 7 names, Monday first")
        }
        self.months = months
        self.weekdays = weekdays
        date = try string("date")
        and = try string("and")
        decimalSeparator = try string("decimal_separator")
        groupSeparator = try string("group_separator")
        amount = try string("amount")
        if file["first_day"] != nil { firstDay = try string("first_day") }
        for key in file.values.keys where !Self.keys.contains(key) {
            throw RuleFile.SyntaxError(file: path, line: file.lines[key] ?? 1, column: 1,
                                       message: "unknown key '\(key)'; known: \(Self.keys.joined(separator: ", "))")
        }
        for key in ["{day}", "{month}", "{year}"] where !date.contains(key) {
            throw fail("date", "a pattern with {day}, {month} and {year}")
        }
        guard amount.contains("{value}") else { throw fail("amount", "a pattern with {value}") }
    }

    /// The calendar day of `date` in `timeZone`, written the language's way.
    public func format(date: Date, timeZone: TimeZone) -> String {
        format(day: CivilDay(date, in: timeZone))
    }

    /// The same from the day.
    public func format(day c: CivilDay) -> String {
        // Weekday: 1 = Sunday … 7 = Saturday; the file lists Monday first.
        let weekday = weekdays[(c.weekday + 5) % 7]
        return self.date
            .replacingEvery("{weekday}", with: weekday)
            .replacingEvery("{day}", with: c.day == 1 ? firstDay ?? "1" : String(c.day))
            .replacingEvery("{month}", with: months[c.month - 1])
            .replacingEvery("{year}", with: String(c.year))
    }

    /// A decimal string such as "1234.56" or "-80" with the language's separators and the currency.
    public func format(amount value: String, currency: String) -> String {
        var digits = Substring(value)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Array(parts[0])
        var grouped = ""
        for (i, ch) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { grouped += groupSeparator }
            grouped.append(ch)
        }
        var number = (negative ? "-" : "") + grouped
        if parts.count == 2 { number += decimalSeparator + parts[1] }
        return Self.trimmingSpaces(amount.replacingEvery("{value}", with: number).replacingEvery("{currency}", with: currency))
    }

    /// `trimmingCharacters(in: .whitespaces)` (general category Zs and tab), scalar by scalar:
    /// Foundation's took half of formatting an amount.
    static func trimmingSpaces(_ text: String) -> String {
        func space(_ u: Unicode.Scalar) -> Bool { u == "\t" || u == " " || (u.value >= 0x80 && u.properties.generalCategory == .spaceSeparator) }
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, space(first) || space(last) else { return text }
        var view = Substring(text).unicodeScalars
        while let f = view.first, space(f) { view.removeFirst() }
        while let l = view.last, space(l) { view.removeLast() }
        return String(view)
    }

    /// "A", "A and B", "A, B and C".
    public func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " " + and + " " + items[items.count - 1]
        }
    }
}
