import Foundation
import TextMatching

/// A JSON value written with its keys in the order given — for output whose
/// field order is part of the contract (SPEC §11), which JSONEncoder does not keep.
public indirect enum JSONValue {
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// Compact JSON on one line; strings escaped per RFC 8259.
    public var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A number as `.number` writes it: whole values without a fraction, others as Swift prints them, non-finite as null.
    static func append(number d: Double, to out: inout [UInt8]) {
        if d.isFinite {
            out += (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)).utf8
        } else {
            out += "null".utf8
        }
    }

    /// Written as UTF-8 bytes: appending to a String piece by piece cost more than the escaping
    /// (the decision trace of every stored message goes through here).
    private func write(into out: inout [UInt8]) {
        switch self {
        case .string(let s): JSONString.append(s, to: &out)
        case .number(let d): Self.append(number: d, to: &out)
        case .int(let n): out += String(n).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .array(let items):
            out.append(0x5B)  // [
            for (i, v) in items.enumerated() {
                if i > 0 { out.append(0x2C) }  // ,
                v.write(into: &out)
            }
            out.append(0x5D)  // ]
        case .object(let pairs):
            out.append(0x7B)  // {
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(0x2C) }
                JSONString.append(k, to: &out)
                out.append(0x3A)  // :
                v.write(into: &out)
            }
            out.append(0x7D)  // }
        }
    }
}
