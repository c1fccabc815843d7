import Glibc
import MailModel

/// Prepares raw bytes for parsing: applies the size limit, drops a UTF-8 BOM,
/// turns CRLF and lone CR into LF and NUL bytes into spaces. Copies only
/// when something has to change.
enum RawNormalizer {
    static func normalize(_ data: UnsafeBufferPointer<UInt8>, limits: ParseLimits, state: ParseState) -> [UInt8] {
        var view = data
        if view.count > limits.maxMessageBytes {
            state.defect(.sizeLimit, part: "", detail: "\(data.count) bytes, limit \(limits.maxMessageBytes)")
            view = UnsafeBufferPointer(rebasing: view[0..<limits.maxMessageBytes])
        }
        if view.count >= 3, view[0] == 0xEF, view[1] == 0xBB, view[2] == 0xBF {
            view = UnsafeBufferPointer(rebasing: view[3...])
        }
        if view.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            state.defect(.emptyMessage, part: "")
        }
        guard let base = view.baseAddress, view.count > 0,
              memchr(base, 0x0D, view.count) != nil || memchr(base, 0x00, view.count) != nil else {
            return Array(view)
        }
        var out = [UInt8]()
        out.reserveCapacity(view.count)
        var i = 0
        var sawNul = false
        while i < view.count {
            let b = view[i]
            if b == 0x0D {
                out.append(0x0A)
                if i + 1 < view.count, view[i + 1] == 0x0A { i += 1 }
            } else if b == 0 {
                out.append(0x20)
                sawNul = true
            } else {
                out.append(b)
            }
            i += 1
        }
        if sawNul { state.defect(.nulBytes, part: "") }
        return out
    }

    static func normalize(_ data: ArraySlice<UInt8>, limits: ParseLimits, state: ParseState) -> [UInt8] {
        data.withUnsafeBufferPointer { normalize($0, limits: limits, state: state) }
    }
}
