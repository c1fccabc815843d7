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

    @Test func writtenAsLZ4() {
        let bytes = Array(String(repeating: "Bitte um Gutschrift für Rechnung 2026-0091. ", count: 40).utf8)
        let stored = Compression.compress(bytes)
        #expect(stored[7] == 0x4C && stored.count < bytes.count / 2)
        // A stored length that disagrees with the block is no record.
        var wrongLength = stored
        wrongLength[0] &+= 1
        #expect(Compression.decompress(wrongLength) == nil)
    }

    /// Databases written before LZ4 hold the zlib format (here Python's zlib, level 1).
    @Test func zlibWrittenRecordsStillRead() {
        let stored: [UInt8] = [
            0x39, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x78, 0x01, 0x0B, 0x2E, 0x4D, 0xCA, 0x4A, 0x4D, 0x2E, 0xB1,
            0x52, 0x08, 0x4A, 0x4D, 0xCE, 0xC8, 0x2B, 0xCD, 0x4B, 0x57, 0x30, 0x32, 0x30, 0x32, 0xD3, 0x35, 0x30, 0xB0,
            0x34, 0xE4, 0xE2, 0x72, 0xCA, 0x2C, 0x29, 0x49, 0x55, 0x28, 0xCD, 0x55, 0x70, 0x2F, 0x2D, 0x29, 0x4E, 0xCE,
            0x28, 0xCA, 0x4C, 0x2B, 0xD1, 0x51, 0x48, 0x49, 0xCC, 0xCB, 0x4E, 0xD5, 0xE3, 0x02, 0x00, 0x10, 0xD7, 0x12, 0x1E,
        ]
        #expect(Compression.decompress(stored) == Array("Subject: Rechnung 2026-0091\n\nBitte um Gutschrift, danke.\n".utf8))
        // A stored length that disagrees with the stream is no record.
        var wrongLength = stored
        wrongLength[0] = 0x38
        #expect(Compression.decompress(wrongLength) == nil)
    }

    @Test func theUncompressedMarkStillReads() {
        #expect(Compression.decompress([0xFF, 0x41, 0x42]) == [0x41, 0x42])
    }
}
