import Foundation
import MailModel

/// A Maildir the acknowledgements are written into when they are not sent
/// (`tmp/` then an atomic rename into `new/`), for an operator or another
/// program to pick up.
public struct Outbox: Sendable {
    public let path: String

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(path: String) {
        self.path = path
    }

    /// Writes one message; returns the file's path in `new/`. The folders are created on
    /// first use. The file is written with POSIX calls (mode 0600, `O_EXCL`) and renamed into
    /// `new/`; it is not fsync'ed: the database records what was written.
    @discardableResult
    public func write(_ message: OutgoingMessage) throws -> String {
        let name = Self.uniqueName(message.messageID)
        let tmp = path + "/tmp/" + name, new = path + "/new/" + name
        var fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 && errno == ENOENT {
            try createFolders()
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else { throw WriteError(description: "\(tmp): cannot create the file (errno \(errno))") }
        // Return-Path and X-Envelope-To record the envelope, as a local delivery would.
        let bytes = Array("Return-Path: <\(message.sender)>\nX-Envelope-To: <\(message.recipient)>\n".utf8) + message.bytes
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let e = errno
                close(fd)
                unlink(tmp)
                throw WriteError(description: "\(tmp): cannot write the acknowledgement (errno \(e))")
            }
            written += n
        }
        close(fd)
        guard rename(tmp, new) == 0 else {
            let e = errno
            unlink(tmp)
            throw WriteError(description: "\(new): cannot move the acknowledgement into new/ (errno \(e))")
        }
        return new
    }

    private func createFolders() throws {
        for sub in ["tmp", "new", "cur"] {
            do {
                try FileManager.default.createDirectory(atPath: path + "/" + sub, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw WriteError(description: "\(path)/\(sub): cannot create the outbox folder (\(error.localizedDescription))")
            }
        }
    }

    private static let host: String = {
        // gethostname, not ProcessInfo.hostName: the latter may resolve the name over the network.
        var buffer = [CChar](repeating: 0, count: 256)
        let raw = gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : ""
        let host = raw.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return host.isEmpty ? "localhost" : host
    }()

    /// `<seconds>.<pid>_<id>.<host>` as Maildir names go; the Message-ID keeps it unique.
    static func uniqueName(_ messageID: String) -> String {
        // Byte by byte when the ID is ASCII (ours always is): Character properties cost most of naming a file.
        let id = messageID.isASCII
            ? String(decoding: messageID.utf8.filter { ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D },
                     as: UTF8.self)
            : messageID.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return String(Int(Date().timeIntervalSince1970)) + ".P" + String(getpid()) + "_" + id + "." + host
    }
}
