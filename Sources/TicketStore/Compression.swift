internal import CZlib
import Glibc

/// zlib for the raw bytes kept with every message (SPEC §9: nothing is lost,
/// any ticket can be replayed). Stored as 8 bytes of original length + deflate data.
/// Level 1: the stored bytes are a little larger than at level 6, but compressing
/// them took a third of the single writer's time in `batch` (any level reads back the same).
public enum Compression {
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        let bound = Int(compressBound(uLong(bytes.count))) + 8
        var rc = Z_MEM_ERROR
        // Not zero-filled first: deflate writes what is kept, and the rest is cut off.
        let out = [UInt8](unsafeUninitializedCapacity: bound) { dst, count in
            for k in 0..<8 { dst[k] = UInt8(truncatingIfNeeded: UInt64(bytes.count) >> (8 * k)) }  // the length, little-endian
            var produced = 0
            rc = bytes.withUnsafeBufferPointer { src in
                Deflater.current?.deflate(src, into: UnsafeMutableBufferPointer(rebasing: dst[8...]), produced: &produced) ?? Z_MEM_ERROR
            }
            count = rc == Z_STREAM_END ? produced + 8 : 0
        }
        guard rc == Z_STREAM_END else { return [0xFF] + bytes }  // never expected; keep the bytes uncompressed, marked
        return out
    }

    /// The bytes back. The stored length's low byte can be 0xFF too (a 1,279-byte message),
    /// so the uncompressed mark is only believed when the data does not inflate.
    public static func decompress(_ stored: [UInt8]) -> [UInt8]? {
        if let bytes = inflate(stored) { return bytes }
        return stored.first == 0xFF ? Array(stored.dropFirst()) : nil
    }

    private static func inflate(_ stored: [UInt8]) -> [UInt8]? {
        guard stored.count >= 8 else { return nil }
        let length = stored[0..<8].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
        guard length < 1 << 31 else { return nil }
        if length == 0 { return [] }
        var out = [UInt8](repeating: 0, count: Int(length))
        var outLength = uLong(length)
        let rc = out.withUnsafeMutableBufferPointer { dst in
            stored.withUnsafeBufferPointer { src in
                uncompress(dst.baseAddress, &outLength, src.baseAddress! + 8, uLong(stored.count - 8))
            }
        }
        return rc == Z_OK && outLength == uLong(length) ? out : nil
    }
}

/// A deflate stream kept per thread and reset for each message: `compress2` sets up
/// and tears down its state (some 256 KB) on every call, which cost as much as the
/// compression itself. The zlib format `compress2` writes, at level 1 with memLevel 6
/// instead of 8: a reset clears the hash table, 16 KB instead of 64 KB, which was a fifth
/// of compressing a typical 4 KB message; stored messages came out the same size (0.477
/// of the raw bytes on the bench mailbox either way).
private final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>

    private init?() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard deflateInit2_(stream, 1, Z_DEFLATED, 15, 6, Z_DEFAULT_STRATEGY, zlibVersion(),
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    func deflate(_ src: UnsafeBufferPointer<UInt8>, into dst: UnsafeMutableBufferPointer<UInt8>, produced: inout Int) -> Int32 {
        guard deflateReset(stream) == Z_OK else { return Z_STREAM_ERROR }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
        stream.pointee.avail_in = uInt(src.count)
        stream.pointee.next_out = dst.baseAddress
        stream.pointee.avail_out = uInt(dst.count)
        let rc = CZlib.deflate(stream, Z_FINISH)
        produced = dst.count - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        return rc
    }

    /// This thread's deflater (made on first use, released when the thread ends).
    static var current: Deflater? {
        if let p = pthread_getspecific(key) { return Unmanaged<Deflater>.fromOpaque(p).takeUnretainedValue() }
        guard let d = Deflater() else { return nil }
        pthread_setspecific(key, Unmanaged.passRetained(d).toOpaque())
        return d
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { p in
            if let p { Unmanaged<Deflater>.fromOpaque(p).release() }
        }
        return key
    }()
}
