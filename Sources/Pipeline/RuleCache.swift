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
    /// compiled from their files, and the cache rewritten. Should the files no longer compile (they
    /// were edited since the cache was checked), the process stops with EX_TEMPFAIL, as `deliver`
    /// does when rules do not compile: the message is left to the mail server to deliver again.
    private static func recompile(_ rulesDirectory: String, _ fingerprint: String, _ path: String) -> RuleEngine {
        do {
            let engine = try RuleEngine(RuleSet.load(rulesDirectory: rulesDirectory))
            store(engine, fingerprint: fingerprint, at: path)
            return engine
        } catch {
            FileHandle.standardError.write(Data("billtriage: the compiled-rules cache is corrupt and the rules do not compile:\n\(error)\n".utf8))
            exit(75)
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

    /// The state of everything the compiled rules depend on.
    static func fingerprint(_ rulesDirectory: String) -> String {
        var parts = ["format 2"]
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().path
        parts.append(stamp(executable) ?? "unknown executable")
        for layer in ["intents", "local"] {
            let dir = rulesDirectory + "/" + layer
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".rules") }.sorted()
            for name in names { parts.append(layer + "/" + name + " " + (stamp(dir + "/" + name) ?? "?")) }
        }
        return parts.joined(separator: "\n")
    }

    private static func stamp(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return "\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
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
