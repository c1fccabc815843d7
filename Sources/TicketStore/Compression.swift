internal import CCompression
import Glibc

/// The raw bytes kept with every message (SPEC §9: nothing is lost, any ticket can be replayed)
/// and stored acknowledgements, compressed. Written as an LZ4 block: 8 bytes of original length
/// (little-endian, its top byte set to `lz4Mark`), then the block. On the bench mailbox LZ4
/// compresses a typical 4.5 KB message in 5 µs to 0.63 of its bytes, where deflate at level 1
/// took 19 µs (libdeflate; 52 with zlib itself) for 0.47: compressing was a tenth of `batch`'s
/// time per message, the database is a few percent larger.
/// Read back as well: the zlib format (8 bytes of length, then a zlib stream) that databases
/// written before hold, and the marked uncompressed fallback (0xFF, then the bytes).
public enum Compression {
    /// The length's top byte in an LZ4 record: lengths are below 2^31, so zlib records have 0 there.
    static let lz4Mark: UInt8 = 0x4C

    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count < Int(LZ4_MAX_INPUT_SIZE) else { return [0xFF] + bytes }
        let bound = Int(LZ4_compressBound(Int32(bytes.count))) + 8
        // Not zero-filled first: LZ4 writes what is kept, and the rest is cut off.
        let out = [UInt8](unsafeUninitializedCapacity: bound) { dst, count in
            for k in 0..<8 { dst[k] = UInt8(truncatingIfNeeded: UInt64(bytes.count) >> (8 * k)) }  // the length, little-endian
            dst[7] = lz4Mark
            let produced = bytes.withUnsafeBufferPointer { src in
                src.withMemoryRebound(to: CChar.self) { s in
                    UnsafeMutableBufferPointer(rebasing: dst[8...]).withMemoryRebound(to: CChar.self) { d in
                        LZ4_compress_default(s.baseAddress, d.baseAddress, Int32(s.count), Int32(d.count))
                    }
                }
            }
            count = produced > 0 || bytes.isEmpty ? Int(produced) + 8 : 0
        }
        guard !out.isEmpty else { return [0xFF] + bytes }  // never expected; keep the bytes uncompressed, marked
        return out
    }

    /// The bytes back. The stored length's low byte can be 0xFF too (a 1,279-byte message),
    /// so the uncompressed mark is only believed when the data does not decompress.
    public static func decompress(_ stored: [UInt8]) -> [UInt8]? {
        guard stored.count >= 8 else { return stored.first == 0xFF ? Array(stored.dropFirst()) : nil }
        var length = 0
        for k in 0..<7 { length |= Int(stored[k]) << (8 * k) }
        if stored[7] == lz4Mark, length < 1 << 31, let bytes = unpackLZ4(stored, length: length) { return bytes }
        if stored[7] == 0, length < 1 << 31, let bytes = inflate(stored, length: length) { return bytes }
        return stored.first == 0xFF ? Array(stored.dropFirst()) : nil
    }

    private static func unpackLZ4(_ stored: [UInt8], length: Int) -> [UInt8]? {
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: length) { dst, count in
            let n = stored.withUnsafeBufferPointer { src in
                UnsafeBufferPointer(rebasing: src[8...]).withMemoryRebound(to: CChar.self) { s in
                    dst.withMemoryRebound(to: CChar.self) { d in
                        LZ4_decompress_safe(s.baseAddress, d.baseAddress, Int32(s.count), Int32(length))
                    }
                }
            }
            ok = Int(n) == length
            count = ok ? length : 0
        }
        return ok ? out : nil
    }

    /// Records written in the zlib format (before LZ4).
    private static func inflate(_ stored: [UInt8], length: Int) -> [UInt8]? {
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        var result = LIBDEFLATE_BAD_DATA
        let out = [UInt8](unsafeUninitializedCapacity: length) { dst, count in
            result = stored.withUnsafeBufferPointer { src in
                // No length out-parameter: anything but exactly `length` bytes is an error.
                libdeflate_zlib_decompress(decompressor, src.baseAddress! + 8, src.count - 8, dst.baseAddress, length, nil)
            }
            count = result == LIBDEFLATE_SUCCESS ? length : 0
        }
        return result == LIBDEFLATE_SUCCESS ? out : nil
    }
}
