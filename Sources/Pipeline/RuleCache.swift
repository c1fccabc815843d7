import Classification
import Foundation
import RuleLanguage
import TextMatching

/// The compiled rule set kept between runs, so `deliver` (one process per
/// message) does not parse, lint and build keyword tries for every message.
///
/// The cache is valid for one Rules directory, one build of billtriage and one
/// state of the rule files (names, sizes, modification times); anything else is
/// a miss: the files are read, linted (errors are thrown, as without a cache)
/// and the cache is rewritten atomically. It lives in `$BILLTRIAGE_CACHE_DIR`,
/// else a per-user directory under the system's temporary directory.
public enum RuleCache {
    public static func engine(rulesDirectory: String) throws -> RuleEngine {
        let fingerprint = Self.fingerprint(rulesDirectory)
        let path = Self.path(rulesDirectory)
        if let engine = lastLoaded.engine(path: path, fingerprint: fingerprint) { return engine }
        // The file is mapped and used in place: the engine reads its tables where they lie and
        // decodes each rule when a message first needs it.
        if let bytes = ByteStore(mapping: path) {
            let header = Self.header(fingerprint)
            let start = 4 + header.count
            let stored = UnsafeRawBufferPointer(start: bytes.base, count: bytes.count)
            if bytes.count > start, stored[4..<start].elementsEqual(header),
               Int(stored[0]) | Int(stored[1]) << 8 | Int(stored[2]) << 16 | Int(stored[3]) << 24 == header.count,
               let engine = RuleEngine(encoded: bytes, from: start, recompile: { recompile(rulesDirectory, fingerprint, path) }) {
                lastLoaded.keep(engine, path: path, fingerprint: fingerprint)
                return engine
            }
        }
        let engine = try RuleEngine(RuleSet.load(rulesDirectory: rulesDirectory))
        store(engine, fingerprint: fingerprint, at: path)
        lastLoaded.keep(engine, path: path, fingerprint: fingerprint)
        return engine
    }

    /// For an engine from a cache that turned out corrupt (a rule that does not decode): the rules
    /// compiled from their files, and the cache rewritten. Should the files no longer compile (one
    /// was broken since the cache was checked), the process exits 78 (EX_CONFIG), as every command
    /// does when a rule file is broken at start: `deliver` has stored nothing, the MTA keeps the message.
    private static func recompile(_ rulesDirectory: String, _ fingerprint: String, _ path: String) -> RuleEngine {
        do {
            let engine = try RuleEngine(RuleSet.load(rulesDirectory: rulesDirectory))
            store(engine, fingerprint: fingerprint, at: path)
            return engine
        } catch {
            FileHandle.standardError.write(Data("billtriage: the compiled-rules cache is corrupt and the rules do not compile:\n\(error)\n".utf8))
            exit(78)
        }
    }

    /// The fingerprint as stored, padded with newlines to a multiple of 4 bytes so the engine that
    /// follows it is 4-aligned in the mapped file (its integer arrays are used in place).
    static func header(_ fingerprint: String) -> [UInt8] {
        var header = Array(fingerprint.utf8)
        while header.count % 4 != 0 { header.append(0x0A) }
        return header
    }

    /// The engine loaded last, kept for the life of the process: loading the same rules again
    /// returns it, and the process exits without freeing its tens of thousands of objects one
    /// by one (a sixth of what `deliver` spent after the cache was read).
    private static let lastLoaded = LastLoaded()

    private final class LastLoaded: @unchecked Sendable {
        private let lock = NSLock()
        private var key = ""
        private var kept: RuleEngine?

        func engine(path: String, fingerprint: String) -> RuleEngine? {
            lock.lock()
            defer { lock.unlock() }
            return key == path + "\n" + fingerprint ? kept : nil
        }

        func keep(_ engine: RuleEngine, path: String, fingerprint: String) {
            lock.lock()
            defer { lock.unlock() }
            (key, kept) = (path + "\n" + fingerprint, engine)
        }
    }

    /// Where the cache of this Rules directory lives.
    public static func path(_ rulesDirectory: String) -> String {
        let base = Environment.value("BILLTRIAGE_CACHE_DIR")
            ?? NSTemporaryDirectory() + "billtriage-cache-\(getuid())"
        let key = ContentHash.of(Array(URL(fileURLWithPath: rulesDirectory).standardizedFileURL.path.utf8)).prefix(16)
        return base + "/rules-\(key).bin"
    }

    /// The state of everything the compiled rules depend on: this build of billtriage and each
    /// rule file's name, size and modification time. Built as bytes straight from `readdir` and
    /// `stat` (it is computed at every start of `deliver`).
    static func fingerprint(_ rulesDirectory: String) -> String {
        var out = Array("format 3\n".utf8)
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().path
        if !appendStamp(of: Array(executable.utf8), to: &out) { out += "unknown executable".utf8 }
        for layer in ["intents", "local"] {
            let dir = Array((rulesDirectory + "/" + layer + "/").utf8)
            for name in ruleFileNames(dir) {
                out.append(0x0A)
                out += layer.utf8
                out.append(0x2F)
                out += name
                out.append(0x20)
                if !appendStamp(of: dir + name, to: &out) { out.append(0x3F) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The names of the `.rules` files in `dir` (ending in "/"), in byte order.
    private static func ruleFileNames(_ dir: [UInt8]) -> [[UInt8]] {
        guard let d = (dir + [0]).withUnsafeBufferPointer({ opendir(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) })
        else { return [] }
        defer { closedir(d) }
        let suffix = Array(".rules".utf8)
        var names: [[UInt8]] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name.count > suffix.count, name.suffix(suffix.count).elementsEqual(suffix) { names.append(name) }
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Appends "SIZE SECONDS.NANOSECONDS" of the file at `path`; false when it cannot be stat'ed.
    private static func appendStamp(of path: [UInt8], to out: inout [UInt8]) -> Bool {
        var st = stat()
        let ok = (path + [0]).withUnsafeBufferPointer {
            stat(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), &st) == 0
        }
        guard ok else { return false }
        for (k, v) in [Int(st.st_size), Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec)].enumerated() {
            if k > 0 { out.append(k == 1 ? 0x20 : 0x2E) }
            out += String(v).utf8
        }
        return true
    }

    private static func store(_ engine: RuleEngine, fingerprint: String, at path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let header = Self.header(fingerprint)
        var bytes: [UInt8] = [UInt8(header.count & 0xFF), UInt8(header.count >> 8 & 0xFF), UInt8(header.count >> 16 & 0xFF), UInt8(header.count >> 24 & 0xFF)]
        bytes += header
        bytes += engine.encoded()
        let temp = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temp, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temp, path) != 0 { unlink(temp) }
    }
}
