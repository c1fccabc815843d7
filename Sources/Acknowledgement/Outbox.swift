import Foundation
import Glibc

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

    /// Writes one message; returns the file's path in `new/`. The file is written and
    /// synced in `tmp/`, then renamed into `new/`; the folders are made when missing.
    @discardableResult
    public func write(_ message: OutgoingMessage) throws -> String {
        let name = Self.uniqueName(message.messageID)
        let tmp = path + "/tmp/" + name, new = path + "/new/" + name
        // Return-Path and Delivered-To record the envelope, as a local delivery would.
        let bytes = Array("Return-Path: <\(message.sender)>\nX-Envelope-To: <\(message.recipient)>\n".utf8) + message.bytes
        var fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 && errno == ENOENT {
            try makeFolders()
            fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else { throw WriteError(description: "\(tmp): cannot write the acknowledgement (errno \(errno))") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            written += n
        }
        let synced = written == bytes.count && fsync(fd) == 0
        close(fd)
        guard synced else {
            unlink(tmp)
            throw WriteError(description: "\(tmp): cannot write the acknowledgement")
        }
        if rename(tmp, new) != 0 {
            let code = errno
            // new/ may be missing while tmp/ exists (a folder made by hand).
            if code == ENOENT, (try? makeFolders()) != nil, rename(tmp, new) == 0 { return new }
            unlink(tmp)
            throw WriteError(description: "\(new): cannot move the acknowledgement into new/ (errno \(code))")
        }
        return new
    }

    private func makeFolders() throws {
        let fm = FileManager.default
        for sub in ["tmp", "new", "cur"] {
            do {
                try fm.createDirectory(atPath: path + "/" + sub, withIntermediateDirectories: true,
                                       attributes: [.posixPermissions: 0o700])
            } catch {
                throw WriteError(description: "\(path)/\(sub): cannot create the outbox folder (\(error.localizedDescription))")
            }
        }
    }

    /// `<seconds>.<pid>_<id>.<host>` as Maildir names go; the Message-ID keeps it unique.
    static func uniqueName(_ messageID: String) -> String {
        let id = messageID.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "\(Int(Date().timeIntervalSince1970)).P\(getpid())_\(id).\(host)"
    }

    /// This machine's name, read once.
    private static let host: String = {
        let h = ProcessInfo.processInfo.hostName.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return h.isEmpty ? "localhost" : h
    }()
}
