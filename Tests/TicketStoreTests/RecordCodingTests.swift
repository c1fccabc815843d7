import Foundation
import Testing
@testable import TicketStore

/// The hand-written timestamp and JSON list coding match what Foundation reads and writes.
struct RecordCodingTests {
    @Test(arguments: [0.0, 1_795_700_709.0, 951_782_400.0, 4_102_444_799.0, 1_795_700_709.75, -86_400.5, 253_402_300_799.0])
    func timestampsMatchISO8601(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        #expect(Timestamp.string(date) == f.string(from: date))
        let back = try #require(Timestamp.date(Timestamp.string(date)))
        #expect(back.timeIntervalSince1970 == seconds.rounded(.down))
    }

    @Test func timestampsWithAnOffsetStillParse() {
        #expect(Timestamp.date("2026-11-26T18:05:09+01:00")?.timeIntervalSince1970 == Timestamp.date("2026-11-26T17:05:09Z")?.timeIntervalSince1970)
        #expect(Timestamp.date("2026-13-26T17:05:09Z") == nil)
    }

    @Test(arguments: [[], ["a"], ["quote \" and \\ backslash", "line\nbreak\ttab\r", "ctl \u{1}\u{1F}", "é 日本 👍", "a/b", "line\u{2028}separator"]])
    func jsonListsRoundTripThroughFoundation(items: [String]) throws {
        let text = JSONList.encode(items)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == items)
        #expect(JSONList.decode(text) == items)
    }
}

/// Stored raw bytes read back whole, whatever their length.
struct CompressionTests {
    @Test(arguments: [0, 1, 255, 511, 1279, 4096, 65_535])
    func roundTrip(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }
        #expect(Compression.decompress(Compression.compress(bytes)) == bytes)
    }

    @Test func theUncompressedMarkStillReads() {
        #expect(Compression.decompress([0xFF, 0x41, 0x42]) == [0x41, 0x42])
    }
}
