/// A 128-bit content hash (two independent FNV-1a 64 passes) in hex: what
/// identifies a message without a Message-ID, and a learned message.
public enum ContentHash {
    public static func of(_ bytes: [UInt8]) -> String {
        var a: UInt64 = 0xcbf29ce484222325
        var b: UInt64 = 0x6c62272e07bb0142
        for x in bytes {
            a = (a ^ UInt64(x)) &* 0x100000001b3
            b = (b ^ UInt64(x &+ 0x5A)) &* 0x100000001b3
        }
        return hex(a) + hex(b)
    }

    private static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
