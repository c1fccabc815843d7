import Glibc

/// One message as read from a source, before parsing.
public struct RawMessage: Sendable {
    /// The file path, or `mailbox#N` (1-based) for a message inside an mbox.
    public var source: String
    /// The bytes, at most the size limit + 1 (so the parser records the defect).
    public var bytes: [UInt8]
    /// The real size of the message in its source.
    public var fullSize: Int

    public init(source: String, bytes: [UInt8], fullSize: Int? = nil) {
        self.source = source
        self.bytes = bytes
        self.fullSize = fullSize ?? bytes.count
    }
}

/// A failure to read a source (not a malformed message: those are defects).
public struct MailboxError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var code: Int32

    public var description: String {
        "\(path): \(operation) failed: \(String(cString: strerror(code)))"
    }
}

/// Reads messages from stdin (`-`), a message file, an mbox, a Maildir, an MH
/// folder or a directory of any of these, detecting the format. Streams:
/// one message in memory at a time (mbox files are read in chunks).
public final class MailboxReader {
    public enum Kind: String, Sendable {
        case stdin, message, mbox, maildir, mh, directory
    }

    /// A file that was not read as mail (e.g. a README in a directory of .eml files).
    public struct Skipped: Sendable {
        public var path: String
        public var reason: String
    }

    public let path: String
    public let kind: Kind
    public private(set) var skipped: [Skipped] = []
    /// Bytes of all the files to read (0 for stdin), and of the messages handed out so far: for progress and ETA.
    public private(set) var totalBytes = 0
    public private(set) var consumedBytes = 0
    private let maxMessageBytes: Int
    private var pendingFiles: [String] = []
    private var mbox: (splitter: MboxSplitter, path: String, count: Int)? = nil
    private var stdinDone = false

    public init(path: String, maxMessageBytes: Int = 50 << 20) throws(MailboxError) {
        self.path = path
        self.maxMessageBytes = maxMessageBytes
        if path == "-" {
            kind = .stdin
            return
        }
        var st = stat()
        guard stat(path, &st) == 0 else { throw MailboxError(path: path, operation: "stat", code: errno) }
        if st.st_mode & S_IFMT == S_IFDIR {
            let layout = try DirectoryWalker.layout(of: path)
            kind = layout
            pendingFiles = try DirectoryWalker.files(under: path)
        } else {
            kind = try Self.sniff(path) == .mbox ? .mbox : .message
            pendingFiles = [path]
        }
        for f in pendingFiles {
            var fst = stat()
            if stat(f, &fst) == 0 { totalBytes += Int(fst.st_size) }
        }
    }

    /// The next message, or nil at the end of every source.
    public func next() throws(MailboxError) -> RawMessage? {
        if kind == .stdin {
            guard !stdinDone else { return nil }
            stdinDone = true
            return try Self.readAll(fd: 0, path: "-", limit: maxMessageBytes)
        }
        while true {
            if let current = mbox {
                let item: (bytes: [UInt8], fullSize: Int)?
                do { item = try current.splitter.next() } catch {
                    if case .read(let code) = error { throw MailboxError(path: current.path, operation: "read", code: code) }
                    item = nil
                }
                if let item {
                    mbox!.count += 1
                    consumedBytes += item.fullSize + 60  // the envelope line and separator, roughly
                    return RawMessage(source: "\(current.path)#\(current.count + 1)", bytes: item.bytes,
                                      fullSize: item.fullSize)
                }
                mbox = nil
            }
            guard !pendingFiles.isEmpty else { return nil }
            let file = pendingFiles.removeFirst()
            var sniffed = try Self.sniff(file)
            if case .notMail = sniffed, file == path { sniffed = .message }  // named explicitly: read it anyway
            switch sniffed {
            case .mbox:
                let fd = open(file, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw MailboxError(path: file, operation: "open", code: errno) }
                mbox = (MboxSplitter(fd: fd, maxMessageBytes: maxMessageBytes), file, 0)
            case .message:
                let fd = open(file, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw MailboxError(path: file, operation: "open", code: errno) }
                defer { close(fd) }
                let message = try Self.readAll(fd: fd, path: file, limit: maxMessageBytes)
                consumedBytes += message.fullSize
                return message
            case .empty:
                skipped.append(Skipped(path: file, reason: "empty file"))
            case .notMail(let reason):
                skipped.append(Skipped(path: file, reason: reason))
            }
        }
    }

    enum Sniffed: Equatable {
        case mbox, message, empty
        case notMail(String)
    }

    /// Decides from the first bytes whether a file is an mbox, one message, or not mail.
    static func sniff(_ path: String) throws(MailboxError) -> Sniffed {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MailboxError(path: path, operation: "open", code: errno) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 4096)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        guard n >= 0 else { throw MailboxError(path: path, operation: "read", code: errno) }
        var bytes = head[0..<n]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let firstLine = bytes.prefix(while: { $0 != 0x0A && $0 != 0x0D })
        if MboxSplitter.isEnvelope(firstLine) { return .mbox }
        if n == 0 { return .empty }
        let lower = path.lowercased()
        if lower.hasSuffix(".eml") || lower.hasSuffix(".msg") { return .message }
        if looksLikeHeaderLine(firstLine) { return .message }
        return .notMail("no header line at the start")
    }

    /// "Name: value" with a name of letters, digits, "-" and "_" (what real header names use;
    /// RFC 5322 allows more, but a JSON line such as {"file": … must not pass).
    private static func looksLikeHeaderLine(_ line: ArraySlice<UInt8>) -> Bool {
        var sawName = false
        for b in line {
            if b == 0x3A { return sawName }
            let isNameByte = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
            if !isNameByte { return false }
            sawName = true
        }
        return false
    }

    /// Reads a whole message from `fd`, keeping at most `limit + 1` bytes.
    static func readAll(fd: Int32, path: String, limit: Int) throws(MailboxError) -> RawMessage {
        var bytes = [UInt8]()
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw MailboxError(path: path, operation: "read", code: errno)
            }
            if n == 0 { break }
            total += n
            let room = limit + 1 - bytes.count
            if room > 0 { bytes.append(contentsOf: chunk[0..<min(n, room)]) }
        }
        return RawMessage(source: path, bytes: bytes, fullSize: total)
    }
}
