import TextMatching

/// Rules in the compiled-rules cache (examples are left out: only `rules test` needs them,
/// and it always reads the files).
extension Rule {
    public func encode(into w: inout BinaryWriter) {
        w.string(name)
        w.string(description)
        location.encode(into: &w)
        w.u32(UInt32(conditions.count))
        for c in conditions {
            w.bool(c.negated)
            c.location.encode(into: &w)
            switch c.kind {
            case .phrases(let fields, let phrases):
                w.u8(0); TextField.encode(fields, into: &w); w.strings(phrases)
            case .regex(let fields, let pattern):
                w.u8(1); TextField.encode(fields, into: &w); w.string(pattern)
            case .amount(let op, let value, let currency):
                w.u8(2); w.string(op.rawValue); w.double(value); w.string(currency ?? "")
            case .count(let fact, let op, let n):
                w.u8(3); w.string(fact.rawValue); w.string(op.rawValue); w.int(n)
            case .language(let codes):
                w.u8(4); w.strings(codes)
            case .automated(let kind):
                w.u8(5); w.string(kind?.rawValue ?? "")
            case .meta(let all, let names):
                w.u8(6); w.bool(all); w.strings(names)
            }
        }
        w.u32(UInt32(effects.count))
        for e in effects { e.encode(into: &w) }
    }

    public init?(decoding r: inout BinaryReader) {
        guard let name = r.string(), let description = r.string(), let location = SourceLocation(decoding: &r),
              let conditionCount = r.u32() else { return nil }
        var conditions: [Condition] = []
        for _ in 0..<conditionCount {
            guard let negated = r.bool(), let at = SourceLocation(decoding: &r), let tag = r.u8() else { return nil }
            let kind: Condition.Kind
            switch tag {
            case 0:
                guard let f = TextField.decodeList(&r), let p = r.strings() else { return nil }
                kind = .phrases(fields: f, phrases: p)
            case 1:
                guard let f = TextField.decodeList(&r), let p = r.string() else { return nil }
                kind = .regex(fields: f, pattern: p)
            case 2:
                guard let op = r.string().flatMap(Comparison.init(rawValue:)), let v = r.double(), let c = r.string() else { return nil }
                kind = .amount(op, value: v, currency: c.isEmpty ? nil : c)
            case 3:
                guard let f = r.string().flatMap(CountedFact.init(rawValue:)), let op = r.string().flatMap(Comparison.init(rawValue:)),
                      let n = r.int() else { return nil }
                kind = .count(f, op, n)
            case 4:
                guard let codes = r.strings() else { return nil }
                kind = .language(codes)
            case 5:
                guard let k = r.string() else { return nil }
                kind = .automated(k.isEmpty ? nil : AutomatedKind(rawValue: k))
            case 6:
                guard let all = r.bool(), let names = r.strings() else { return nil }
                kind = .meta(all: all, names: names)
            default:
                return nil
            }
            conditions.append(Condition(kind: kind, negated: negated, location: at))
        }
        guard let effectCount = r.u32() else { return nil }
        var effects: [Effect] = []
        for _ in 0..<effectCount {
            guard let e = Effect(decoding: &r) else { return nil }
            effects.append(e)
        }
        self.init(name: name, description: description, conditions: conditions, effects: effects, examples: [], location: location)
    }
}

extension Effect {
    public func encode(into w: inout BinaryWriter) {
        switch self {
        case .score(let i, let n): w.u8(0); w.string(i.rawValue); w.double(n)
        case .priority(let level, let steps, let reason): w.u8(1); w.string(level?.rawValue ?? ""); w.int(steps); w.string(reason)
        case .tag(let t): w.u8(2); w.string(t)
        case .queue(let q): w.u8(3); w.string(q)
        case .suppressAcknowledgement(let r): w.u8(4); w.string(r)
        case .automated(let k): w.u8(5); w.string(k.rawValue)
        }
    }

    public init?(decoding r: inout BinaryReader) {
        guard let tag = r.u8() else { return nil }
        switch tag {
        case 0:
            guard let i = r.string().flatMap(Intent.init(rawValue:)), let n = r.double() else { return nil }
            self = .score(i, n)
        case 1:
            guard let l = r.string(), let steps = r.int(), let reason = r.string() else { return nil }
            self = .priority(level: Priority(rawValue: l), steps: steps, reason: reason)
        case 2: guard let t = r.string() else { return nil }; self = .tag(t)
        case 3: guard let q = r.string() else { return nil }; self = .queue(q)
        case 4: guard let s = r.string() else { return nil }; self = .suppressAcknowledgement(reason: s)
        case 5: guard let k = r.string().flatMap(AutomatedKind.init(rawValue:)) else { return nil }; self = .automated(k)
        default: return nil
        }
    }
}

extension SourceLocation {
    func encode(into w: inout BinaryWriter) {
        w.string(file); w.int(line); w.int(column)
    }

    init?(decoding r: inout BinaryReader) {
        guard let f = r.string(), let l = r.int(), let c = r.int() else { return nil }
        self.init(file: f, line: l, column: c)
    }
}

extension TextField {
    static let codes: [(String, TextField)] = TextField.named.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }

    public static func encode(_ fields: [TextField], into w: inout BinaryWriter) {
        w.u32(UInt32(fields.count))
        for f in fields {
            if case .header(let name) = f {
                w.string("header:" + name)
            } else {
                w.string(named.first { $0.value == f }!.key)
            }
        }
    }

    public static func decodeList(_ r: inout BinaryReader) -> [TextField]? {
        guard let n = r.u32() else { return nil }
        var out: [TextField] = []
        for _ in 0..<n {
            guard let s = r.string() else { return nil }
            if s.hasPrefix("header:") { out.append(.header(String(s.dropFirst(7)))) }
            else if let f = named[s] { out.append(f) }
            else { return nil }
        }
        return out
    }
}
