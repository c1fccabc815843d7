import Foundation
import MailModel

/// Business hours, working days and holidays: when SLA clocks run.
public struct BusinessCalendar: Sendable {
    public let timeZone: TimeZone
    /// Minutes after midnight.
    public let start: Int
    public let end: Int
    /// Calendar weekdays (1 = Sunday … 7 = Saturday).
    public let days: Set<Int>
    /// "yyyy-MM-dd" in the calendar's time zone.
    public let holidays: Set<String>

    public init(timeZone: String = "UTC", start: String = "09:00", end: String = "17:00",
                days: [String] = ["mon", "tue", "wed", "thu", "fri"], holidays: [String] = []) {
        self.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        self.start = Self.minutes(start) ?? 540
        self.end = max(Self.minutes(end) ?? 1020, (Self.minutes(start) ?? 540) + 1)
        let names = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]
        self.days = Set(days.compactMap { names[$0.lowercased().prefix(3).description] })
        self.holidays = Set(holidays)
    }

    /// "09:30" → 570.
    public static func minutes(_ hhmm: String) -> Int? {
        let parts = hhmm.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// "4h" → 4 business hours; "2d" → 2 business days. nil when unreadable.
    public static func duration(_ text: String) -> (value: Double, days: Bool)? {
        guard let unit = text.last, unit == "h" || unit == "d", let value = Double(text.dropLast()), value >= 0 else { return nil }
        return (value, unit == "d")
    }

    /// Minutes of business time in one working day.
    public var dayLength: Int { end - start }

    /// The moment `text` ("4h", "1d") of business time after `from`.
    public func due(from: Date, after text: String) -> Date {
        guard let d = Self.duration(text) else { return from }
        return due(from: from, businessMinutes: Int((d.days ? d.value * Double(dayLength) : d.value * 60).rounded()))
    }

    public func due(from: Date, businessMinutes: Int) -> Date {
        var calendar: Calendar?  // made only for a day with a change of UTC offset
        var remaining = businessMinutes
        var cursor = from
        for _ in 0..<3700 {  // ten years of days at most: a calendar with no working day cannot loop forever
            let (dayStart, next, today) = Self.day(of: cursor, timeZone, &calendar)
            let minute = Int(cursor.timeIntervalSince(dayStart) / 60)
            if isWorkingDay(today) && minute < end {
                let from = max(minute, start)
                let available = end - from
                if remaining <= available {
                    return dayStart.addingTimeInterval(Double((from + remaining) * 60))
                }
                remaining -= available
            }
            cursor = next
        }
        return cursor
    }

    /// The start of `date`'s day, the start of the next, and the day itself. When the zone's UTC
    /// offset is the same at `date` and at both starts, the day has no change of offset and these are
    /// plain arithmetic; otherwise they come from a Gregorian `Calendar` (made on first need).
    static func day(of date: Date, _ timeZone: TimeZone, _ calendar: inout Calendar?) -> (start: Date, next: Date, day: CivilDay) {
        let offset = timeZone.secondsFromGMT(for: date)
        let ordinal = CivilDay.ordinal(date, offset: offset)
        let start = Date(timeIntervalSince1970: Double(ordinal * 86400 - offset))
        let next = start.addingTimeInterval(86400)
        if timeZone.secondsFromGMT(for: start) == offset && timeZone.secondsFromGMT(for: next) == offset {
            return (start, next, CivilDay(ordinal: ordinal))
        }
        return dayByCalendar(of: date, timeZone, &calendar)
    }

    /// `day(of:)` by Foundation's calendar, for days with a change of offset (and the test that
    /// holds the arithmetic to it).
    static func dayByCalendar(of date: Date, _ timeZone: TimeZone, _ calendar: inout Calendar?) -> (start: Date, next: Date, day: CivilDay) {
        if calendar == nil {
            var c = Calendar(identifier: .gregorian)
            c.timeZone = timeZone
            calendar = c
        }
        let start = calendar!.startOfDay(for: date)
        return (start, calendar!.date(byAdding: .day, value: 1, to: start)!, CivilDay(start, in: timeZone))
    }

    private func isWorkingDay(_ day: CivilDay) -> Bool {
        days.contains(day.weekday) && !holidays.contains(day.key)
    }
}
