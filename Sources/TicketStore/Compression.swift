internal import CZlib

/// zlib for the raw bytes kept with every message (SPEC §9: nothing is lost,
/// any ticket can be replayed). Stored as 8 bytes of original length + deflate data.
/// Level 1: the stored bytes are a little larger than at level 6, but compressing
/// them took a third of the single writer's time in `batch` (any level reads back the same).
public enum Compression {
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound) + 8)
        var length = UInt64(bytes.count).littleEndian
        withUnsafeBytes(of: &length) { out.replaceSubrange(0..<8, with: $0) }
        let rc = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress! + 8, &bound, src.baseAddress, uLong(bytes.count), 1)
            }
        }
        guard rc == Z_OK else { return [0xFF] + bytes }  // never expected; keep the bytes uncompressed, marked
        out.removeSubrange((Int(bound) + 8)...)
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
