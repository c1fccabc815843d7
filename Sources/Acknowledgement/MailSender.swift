internal import CMailutils
import Foundation

/// Hands composed messages to the MTA through libmailutils' mailer
/// (`sendmail:`, `sendmail:///path`, `smtp://host:port`). One owner of the
/// `mu_mailer_t`, opened per message (a failed send leaves nothing half open).
public final class MailSender {
    public struct SendError: Error, CustomStringConvertible, Sendable {
        public var function: String
        public var code: Int32
        public var message: String
        public var description: String { "\(function): \(message) (code \(code))" }
    }

    public let url: String
    private var mailer: mu_mailer_t?

    public init(url: String) throws(SendError) {
        self.url = url
        if let failure = Self.mailersLoaded {
            throw SendError(function: "dlopen(libmu_mailer.so.9)", code: -1, message: failure)
        }
        var m: mu_mailer_t?
        let rc = mu_mailer_create(&m, url)
        guard rc == 0, let m else { throw Self.error("mu_mailer_create(\(url))", rc) }
        mailer = m
    }

    /// libmu_mailer is loaded and its mailers registered once per process; nil when that worked.
    private static let mailersLoaded: String? = {
        guard bt_mu_register_mailers() != 0 else { return nil }
        return dlerror().map { String(cString: $0) } ?? "cannot load the mailers of libmailutils"
    }()

    deinit {
        mu_mailer_destroy(&mailer)
    }

    /// Sends one message to its recipient with our address as the envelope sender.
    public func send(_ message: OutgoingMessage) throws(SendError) {
        var stream: mu_stream_t?
        var msg: mu_message_t?
        var from: mu_address_t?
        var to: mu_address_t?
        defer {
            mu_address_destroy(&from)
            mu_address_destroy(&to)
            if msg != nil { mu_message_unref(msg) }
        }
        var rc = mu_address_create(&from, message.sender)
        guard rc == 0 else { throw Self.error("mu_address_create(sender)", rc) }
        rc = mu_address_create(&to, message.recipient)
        guard rc == 0 else { throw Self.error("mu_address_create(recipient)", rc) }
        rc = mu_memory_stream_create(&stream, Int32(MU_STREAM_RDWR))
        guard rc == 0, let stream else { throw Self.error("mu_memory_stream_create", rc) }
        rc = message.bytes.withUnsafeBytes { mu_stream_write(stream, $0.baseAddress, $0.count, nil) }
        if rc == 0 { rc = mu_stream_seek(stream, 0, MU_SEEK_SET, nil) }
        if rc == 0 { rc = mu_stream_to_message(stream, &msg) }
        mu_stream_unref(stream)
        guard rc == 0 else { throw Self.error("mu_stream_to_message", rc) }
        rc = mu_mailer_open(mailer, 0)
        guard rc == 0 else { throw Self.error("mu_mailer_open(\(url))", rc) }
        defer { mu_mailer_close(mailer) }
        rc = mu_mailer_send_message(mailer, msg, from, to)
        guard rc == 0 else { throw Self.error("mu_mailer_send_message(\(url))", rc) }
    }

    private static func error(_ function: String, _ rc: Int32) -> SendError {
        SendError(function: function, code: rc, message: String(cString: mu_strerror(rc)))
    }
}
