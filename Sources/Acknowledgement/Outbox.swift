import Foundation

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

    /// Writes one message; returns the file's path in `new/`.
    @discardableResult
    public func write(_ message: OutgoingMessage) throws -> String {
        let fm = FileManager.default
        for sub in ["tmp", "new", "cur"] {
            do {
                try fm.createDirectory(atPath: path + "/" + sub, withIntermediateDirectories: true,
                                       attributes: [.posixPermissions: 0o700])
            } catch {
                throw WriteError(description: "\(path)/\(sub): cannot create the outbox folder (\(error.localizedDescription))")
            }
        }
        let name = Self.uniqueName(message.messageID)
        let tmp = path + "/tmp/" + name, new = path + "/new/" + name
        // Return-Path and Delivered-To record the envelope, as a local delivery would.
        let envelope = Array("Return-Path: <\(message.sender)>\nX-Envelope-To: <\(message.recipient)>\n".utf8)
        guard fm.createFile(atPath: tmp, contents: Data(envelope + message.bytes), attributes: [.posixPermissions: 0o600]) else {
            throw WriteError(description: "\(tmp): cannot write the acknowledgement")
        }
        guard rename(tmp, new) == 0 else {
            unlink(tmp)
            throw WriteError(description: "\(new): cannot move the acknowledgement into new/ (errno \(errno))")
        }
        return new
    }

    /// `<seconds>.<pid>_<id>.<host>` as Maildir names go; the Message-ID keeps it unique.
    static func uniqueName(_ messageID: String) -> String {
        let id = messageID.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        // gethostname, not ProcessInfo.hostName: the latter may resolve the name over the network.
        var buffer = [CChar](repeating: 0, count: 256)
        let raw = gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : ""
        let host = raw.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        return "\(Int(Date().timeIntervalSince1970)).P\(getpid())_\(id).\(host.isEmpty ? "localhost" : host)"
    }
}
