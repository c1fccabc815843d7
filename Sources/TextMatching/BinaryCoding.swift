/// A small little-endian binary format for caches: integers, strings, byte arrays.
/// Readers never trap on short or corrupt input; they return nil and the cache is rebuilt.
public struct BinaryWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    public mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
    public mutating func string(_ s: String) {
        u32(UInt32(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }
    public mutating func strings(_ a: [String]) {
        u32(UInt32(a.count))
        for s in a { string(s) }
    }
    public mutating func byteArray(_ a: [UInt8]) {
        u32(UInt32(a.count))
        bytes.append(contentsOf: a)
    }
    /// Raw little-endian int32s, copied in one go.
    public mutating func i32Array(_ a: [Int32]) {
        u32(UInt32(a.count))
        a.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

public struct BinaryReader {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8], from offset: Int = 0) {
        self.bytes = bytes
        self.offset = min(max(offset, 0), bytes.count)
    }

    public var atEnd: Bool { offset == bytes.count }
    /// Where the next read starts.
    public var position: Int { offset }

    /// Reads `n` bytes in place (no slice, no copy): nil, and nothing consumed, when fewer are left.
    @inline(__always)
    private mutating func read<T>(_ n: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T? {
        guard n >= 0, n <= bytes.count - offset else { return nil }
        let start = offset
        offset += n
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<(start + n)])) }
    }

    public mutating func u8() -> UInt8? { read(1) { $0[0] } }
    public mutating func u32() -> UInt32? { read(4) { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) } }
    public mutating func i32() -> Int32? { u32().map { Int32(bitPattern: $0) } }
    public mutating func int() -> Int? { read(8) { Int(Int64(littleEndian: $0.loadUnaligned(as: Int64.self))) } }
    public mutating func double() -> Double? {
        read(8) { Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
    }
    public mutating func bool() -> Bool? { u8().map { $0 != 0 } }
    public mutating func string() -> String? {
        guard let n = u32() else { return nil }
        return read(Int(n)) { String(decoding: $0.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
    }
    public mutating func strings() -> [String]? {
        guard let n = u32(), Int(n) <= bytes.count else { return nil }
        var out: [String] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n { guard let s = string() else { return nil }; out.append(s) }
        return out
    }
    public mutating func byteArray() -> [UInt8]? {
        guard let n = u32() else { return nil }
        return read(Int(n)) { Array($0) }
    }
    public mutating func i32Array() -> [Int32]? {
        guard let n = u32() else { return nil }
        // Copied straight into uninitialized storage: no zero fill first (the arrays are large).
        return read(Int(n) * 4) { raw in
            [Int32](unsafeUninitializedCapacity: Int(n)) { buffer, count in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                count = Int(n)
            }
        }
    }
}
