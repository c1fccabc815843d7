import Classification
import Foundation
import RuleLanguage

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
        if let bytes = readFile(path) {
            let header = Array(fingerprint.utf8)
            if bytes.count > header.count + 4, bytes[4..<(4 + header.count)].elementsEqual(header),
               Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24 == header.count,
               let engine = RuleEngine(encoded: bytes, from: 4 + header.count) {
                lastLoaded.keep(engine, path: path, fingerprint: fingerprint)
                return engine
            }
        }
        let engine = try RuleEngine(RuleSet.load(rulesDirectory: rulesDirectory))
        store(engine, fingerprint: fingerprint, at: path)
        lastLoaded.keep(engine, path: path, fingerprint: fingerprint)
        return engine
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

    /// The file's bytes, read straight into one array (the cache is megabytes: every extra
    /// copy is page faults at the start of each `deliver`).
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; break }
                done += n
            }
            complete = done == size
            if !complete { buffer.baseAddress!.initialize(repeating: 0, count: size - done) }
            count = size
        }
        return complete ? bytes : nil
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
        var parts = ["format 1"]
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
        let header = Array(fingerprint.utf8)
        var bytes: [UInt8] = [UInt8(header.count & 0xFF), UInt8(header.count >> 8 & 0xFF), UInt8(header.count >> 16 & 0xFF), UInt8(header.count >> 24 & 0xFF)]
        bytes += header
        bytes += engine.encoded()
        let temp = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temp, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temp, path) != 0 { unlink(temp) }
    }
}
