import Foundation
import Testing
import MailModel

/// CivilDay gives what Foundation's Gregorian calendar gives.
@Suite struct CivilDayTests {
    static let zones = ["UTC", "Europe/Berlin", "Europe/Madrid", "America/New_York", "America/Santiago", "America/Sao_Paulo",
                        "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Kiritimati",
                        "Pacific/Pago_Pago", "America/St_Johns", "Asia/Tehran"]

    @Test(arguments: zones)
    func daysAreTheCalendars(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Every 7 hours 13 minutes 17.5 seconds over 1960–2060, which lands on every hour of the day
        // and on both sides of offset changes, and before 1970.
        var t = -315_619_200.0
        var checked = 0
        while t < 2_871_763_200 {
            let date = Date(timeIntervalSince1970: t)
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let d = CivilDay(date, in: timeZone)
            if [d.year, d.month, d.day, d.weekday] != [c.year, c.month, c.day, c.weekday] {
                Issue.record("\(zone) \(date): \(d) against \(c)")
                return
            }
            checked += 1
            t += 25_997.5
        }
        #expect(checked > 120_000)
    }

    @Test func keysAndOrdinals() {
        #expect(CivilDay(ordinal: 0).key == "1970-01-01")
        #expect(CivilDay(ordinal: 0).weekday == 5)
        #expect(CivilDay(ordinal: -1).key == "1969-12-31")
        #expect(CivilDay(ordinal: 11_016).key == "2000-02-29")
        #expect(CivilDay(ordinal: 20_784).key == "2026-11-27")
        #expect(CivilDay(ordinal: 20_784).weekday == 6)
        #expect(CivilDay.ordinal(Date(timeIntervalSince1970: -0.5), offset: 0) == -1)
        #expect(CivilDay.ordinal(Date(timeIntervalSince1970: 86_399.9), offset: 0) == 0)
        #expect(CivilDay.ordinal(Date(timeIntervalSince1970: 82_800), offset: 3600) == 1)
    }
}
