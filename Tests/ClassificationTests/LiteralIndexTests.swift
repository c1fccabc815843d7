import Testing
import TextMatching
@testable import Classification

@Suite struct LiteralIndexTests {
    /// Literals that share a beginning, one inside another, one byte long, not present.
    static let literals = ["pag", "pagad", "ad", "?", "pagamos", "zz"]

    func found(_ text: String, slot: Int, in marks: LiteralMarks, _ index: LiteralIndex) -> [Int32]? {
        Array(text.utf8).withUnsafeBufferPointer {
            index.found(in: $0, slot: slot, marks: marks)
        }?.sorted()
    }

    /// Every literal searched for in each of `slots` slots.
    func everywhere(_ literals: [String], slots: Int) -> LiteralIndex {
        LiteralIndex(literals, searched: Array(repeating: Set(literals.indices.map(Int32.init)), count: slots))
    }

    @Test func everyLiteralThatOccursIsFoundOnce() {
        let index = everywhere(Self.literals, slots: 2)
        let marks = LiteralMarks(literals: index.count, slots: 2)
        marks.begin()
        #expect(found("pagado? pagado", slot: 0, in: marks, index) == [0, 1, 2, 3])
        #expect(found("pagamos", slot: 1, in: marks, index) == [0, 4])
        #expect(marks.holds(1, in: 0) && !marks.holds(1, in: 1) && marks.holds(4, in: 1))
    }

    @Test func aNewEvaluationStartsWithNothingFound() {
        let index = everywhere(Self.literals, slots: 1)
        let marks = LiteralMarks(literals: index.count, slots: 1)
        marks.begin()
        _ = found("pagad", slot: 0, in: marks, index)
        marks.begin()
        #expect(!marks.holds(1, in: 0))
        #expect(found("ad", slot: 0, in: marks, index) == [2])
    }

    @Test func findsWhatASubstringSearchFinds() {
        // Many first bytes, shared beginnings, literals inside others, non-ASCII bytes.
        let literals = ["a", "ab", "abc", "abd", "b", "bc", "zürich", "zu", "€", "€ ", "12", "123", "x y", "yx", "ccc", "cc"]
        let index = everywhere(literals, slots: 1)
        let marks = LiteralMarks(literals: index.count, slots: 1)
        for text in ["abcabd zürich zu 12€ 123", "yxccc x y", "", "a", "zzzz", "€", "c cc", "bcab"] {
            marks.begin()
            let expected = literals.indices.filter { text.utf8.count >= literals[$0].utf8.count && Array(text.utf8).contains(subsequence: Array(literals[$0].utf8)) }
            #expect(found(text, slot: 0, in: marks, index) == expected.map(Int32.init), "\(text)")
        }
    }

    /// The positions a walk starts from are worked out 64 at a time, the literals of one or two bytes
    /// from the bytes and pairs the text holds: literals across and at the ends of those blocks,
    /// at the text's last bytes, in texts of every length from 0 to 200, and after a search of
    /// another text (what it marked as seen is cleared).
    @Test func findsLiteralsAcrossBlocksAndAtTheEnds() {
        let literals = ["q", "qz", "zq", "zzq", "qzzz", "é", "éq", "wxyz"]
        let index = everywhere(literals, slots: 1)
        let marks = LiteralMarks(literals: index.count, slots: 1)
        for length in 0...200 {
            for tail in ["", "q", "qz", "zzq", "wxyz", "é", "éq"] {
                var bytes = [UInt8](repeating: UInt8(ascii: "z"), count: length)
                let cut = tail.utf8.count <= length ? length - tail.utf8.count : 0
                bytes.replaceSubrange(cut..<length, with: Array(tail.utf8.prefix(length)))
                if length > 70 { bytes.replaceSubrange(61..<65, with: Array("wxyz".utf8)) }  // across the first block's end
                let text = String(decoding: bytes, as: UTF8.self)
                marks.begin()
                let expected = literals.indices.filter { bytes.contains(subsequence: Array(literals[$0].utf8)) }
                #expect(found(text, slot: 0, in: marks, index) == expected.map(Int32.init), "\(length) \(tail)")
            }
        }
        marks.begin()
        #expect(found("", slot: 0, in: marks, index) == [])
        #expect(marks.seen.allSatisfy { $0 == 0 })
    }

    @Test func aSlotIsSearchedOnlyForItsOwnLiterals() {
        // "pagad" and "ad" in slot 0, "pag" and "zz" in slot 1, nothing in slot 2; no slot 3.
        let index = LiteralIndex(Self.literals, searched: [[1, 2], [5, 0], []])
        let marks = LiteralMarks(literals: index.count, slots: 4)
        marks.begin()
        #expect(found("pagado zz", slot: 0, in: marks, index) == [1, 2])
        #expect(found("pagado zz", slot: 1, in: marks, index) == [0, 5])
        #expect(found("pagado zz", slot: 2, in: marks, index) == [])
        #expect(found("pagado zz", slot: 3, in: marks, index) == nil)
    }

    @Test func readFromACacheItFindsTheSame() {
        let index = LiteralIndex(Self.literals, searched: [[0, 1, 2, 3, 4, 5], [2, 4]])
        var w = BinaryWriter()
        index.encode(into: &w)
        var r = BinaryReader(w.bytes)
        guard let read = LiteralIndex(decoding: &r) else { Issue.record("did not decode"); return }
        #expect(r.atEnd)
        let marks = LiteralMarks(literals: index.count, slots: 2)
        for slot in 0..<2 {
            marks.begin()
            let expected = found("pagamos? pagado", slot: slot, in: marks, index)
            marks.begin()
            #expect(found("pagamos? pagado", slot: slot, in: marks, read) == expected)
        }
    }

    @Test func anEdgeOutOfTheRecordsIsReportedNotFollowed() {
        var w = BinaryWriter()
        LiteralIndex(["abc", "q"], searched: [[0, 1]]).encode(into: &w)
        var bytes = w.bytes
        // The slot's arrays end with the records: "ab"'s head, its edge to "abc" (which now names a
        // record far past the end), then "abc"'s head.
        let edge = bytes.count - 8
        #expect(bytes[edge..<(edge + 4)].elementsEqual(withUnsafeBytes(of: (Int32(2) << 8 | 0x63).littleEndian, Array.init)))
        withUnsafeBytes(of: (Int32(0x7F_FFFF) << 8 | 0x63).littleEndian) { bytes.replaceSubrange(edge..<(edge + 4), with: $0) }
        var r = BinaryReader(bytes)
        guard let corrupt = LiteralIndex(decoding: &r) else { Issue.record("did not decode"); return }
        let marks = LiteralMarks(literals: corrupt.count, slots: 1)
        marks.begin()
        #expect(found("xyz ab", slot: 0, in: marks, corrupt) == [])
        #expect(found("q abc", slot: 0, in: marks, corrupt) == nil)
        // The bytes and pairs that search marked are cleared all the same: the next text starts clean.
        #expect(marks.seen.allSatisfy { $0 == 0 })
        marks.begin()
        #expect(found("xyz ab", slot: 0, in: marks, corrupt) == [])
    }
}

private extension Array where Element == UInt8 {
    func contains(subsequence s: [UInt8]) -> Bool {
        guard s.count <= count else { return false }
        return (0...(count - s.count)).contains { Array(self[$0..<($0 + s.count)]) == s }
    }
}
