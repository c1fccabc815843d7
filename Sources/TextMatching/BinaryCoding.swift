#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small little-endian binary format for caches: integers, strings, byte arrays, and integer
/// arrays aligned so they can be used in place. Readers never trap on short or corrupt input;
/// they return nil and the cache is rebuilt.
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
    public mutating func raw(_ a: [UInt8]) { bytes.append(contentsOf: a) }
    /// Raw little-endian int32s, copied in one go.
    public mutating func i32Array(_ a: [Int32]) {
        u32(UInt32(a.count))
        a.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    /// A count, zero bytes up to a multiple of 4 from the start of the writer, then the int32s:
    /// a reader whose start is 4-aligned in memory uses them in place (`StoredArray`).
    public mutating func alignedI32s<C: Collection>(_ a: C) where C.Element == Int32 {
        u32(UInt32(a.count))
        while bytes.count % 4 != 0 { bytes.append(0) }
        // No reserveCapacity: reserving the exact size at every call defeats the array's doubling,
        // and each of a cache's dozens of arrays would copy all the bytes written before it.
        #if _endian(little)
        if a.withContiguousStorageIfAvailable({ bytes.append(contentsOf: UnsafeRawBufferPointer($0)) }) != nil { return }
        #endif
        for v in a { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    }
}

/// Memory that cached structures are read from in place: a read-only mapping of a file, or a
/// copy of an array. Owns it; everything that points into it keeps it alive.
public final class ByteStore: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let count: Int
    private let mapped: Bool

    public init(copying bytes: [UInt8]) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { if let b = $0.baseAddress { memory.copyMemory(from: b, byteCount: $0.count) } }
        (base, count, mapped) = (UnsafeRawPointer(memory), bytes.count, false)
    }

    /// The file mapped read-only (the mapping outlives a rename over it). Nil when it cannot be
    /// opened or is empty. Files mapped this way are only ever replaced by rename, never rewritten.
    public init?(mapping path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        (base, count, mapped) = (UnsafeRawPointer(p), size, true)
    }

    deinit {
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), count) } else { base.deallocate() }
    }
}

/// Fixed-width integers used in place in a `ByteStore` (little-endian hosts; elsewhere caches are
/// refused). Subscripts are bounds-checked like an array's.
public struct StoredArray<Element: FixedWidthInteger & Sendable>: RandomAccessCollection, @unchecked Sendable {
    private let store: ByteStore?
    private let pointer: UnsafePointer<Element>?
    public let count: Int

    public init() { (store, pointer, count) = (nil, nil, 0) }

    /// The elements copied into memory of their own.
    public init(_ elements: [Element]) {
        let store = elements.withUnsafeBytes { ByteStore(copying: Array($0)) }
        self.init(store, at: 0, count: elements.count)
    }

    /// `count` elements at `offset` in `store` (checked by the caller: in bounds and aligned).
    init(_ store: ByteStore, at offset: Int, count: Int) {
        self.store = store
        self.pointer = (store.base + offset).assumingMemoryBound(to: Element.self)
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inline(__always)
    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "StoredArray index out of range")
        return pointer.unsafelyUnwrapped[i]
    }

    public var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: pointer, count: count) }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try body(buffer)
    }
}

public struct BinaryReader {
    private let store: ByteStore
    private let end: Int
    /// Where reading started: alignment is counted from here, as the writer counted from its start.
    private let origin: Int
    private var offset = 0

    public init(_ bytes: [UInt8], from offset: Int = 0) {
        self.init(ByteStore(copying: bytes), from: offset)
    }

    /// Reads `store` from `offset` up to `end` (its end when nil).
    public init(_ store: ByteStore, from offset: Int = 0, to end: Int? = nil) {
        self.store = store
        self.end = min(max(end ?? store.count, 0), store.count)
        self.offset = min(max(offset, 0), self.end)
        origin = self.offset
    }

    public var atEnd: Bool { offset == end }
    /// Where the next read starts.
    public var position: Int { offset }
    public var bytes: ByteStore { store }

    /// Reads `n` bytes in place (no slice, no copy): nil, and nothing consumed, when fewer are left.
    @inline(__always)
    private mutating func read<T>(_ n: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T? {
        guard n >= 0, n <= end - offset else { return nil }
        let start = offset
        offset += n
        return body(UnsafeRawBufferPointer(start: store.base + start, count: n))
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
        guard let n = u32(), Int(n) <= end - offset else { return nil }
        var out: [String] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n { guard let s = string() else { return nil }; out.append(s) }
        return out
    }
    public mutating func byteArray() -> [UInt8]? {
        guard let n = u32() else { return nil }
        return read(Int(n)) { Array($0) }
    }
    /// A byte array used in place.
    public mutating func storedBytes() -> StoredArray<UInt8>? {
        guard let n = u32().map(Int.init), n <= end - offset else { return nil }
        defer { offset += n }
        return StoredArray(store, at: offset, count: n)
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
    /// What `BinaryWriter.alignedI32s` wrote, used in place: nil when short, or when the data is
    /// not 4-aligned in memory (the reader did not start where the writer did) or the host is big-endian.
    public mutating func alignedI32s() -> StoredArray<Int32>? {
        #if _endian(big)
        return nil
        #else
        guard let n = u32().map(Int.init) else { return nil }
        let start = origin + ((offset - origin + 3) & ~3)
        guard Int(bitPattern: store.base + start) % 4 == 0, start <= end, n <= (end - start) / 4 else { return nil }
        offset = start + 4 * n
        return StoredArray(store, at: start, count: n)
        #endif
    }
}
