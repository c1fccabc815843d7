import Foundation

/// A day of the Gregorian calendar in a time zone, worked out from the zone's offset at that
/// moment: what `Calendar.dateComponents([.year, .month, .day, .weekday], from:)` gives for any
/// date after 1582 (the Gregorian reform), without making a `Calendar`, whose first making costs
/// `deliver` a tenth of its run.
public struct CivilDay: Hashable, Sendable {
    public let year: Int
    /// 1 … 12.
    public let month: Int
    /// 1 … 31.
    public let day: Int
    /// 1 = Sunday … 7 = Saturday, as `Calendar`'s weekday.
    public let weekday: Int
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(_ date: Date, in timeZone: TimeZone) {
        self.init(ordinal: Self.ordinal(date, offset: timeZone.secondsFromGMT(for: date)))
    }

    /// The day `ordinal` days after 1970-01-01 (Howard Hinnant's civil_from_days).
    public init(ordinal: Int) {
        self.ordinal = ordinal
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        weekday = ((ordinal % 7 + 7 + 4) % 7) + 1  // 1970-01-01 was a Thursday
    }

    /// The local day number of `date` at UTC offset `offset` seconds.
    public static func ordinal(_ date: Date, offset: Int) -> Int {
        Int(((date.timeIntervalSince1970 + Double(offset)) / 86400).rounded(.down))
    }

    /// "yyyy-MM-dd".
    public var key: String {
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}
