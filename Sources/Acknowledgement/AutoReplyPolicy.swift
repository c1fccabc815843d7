import MailModel
import RuleLanguage

/// Whether a message may be acknowledged, and to whom (SPEC §10, RFC 3834).
/// Every "no" carries a short reason that is recorded on the ticket.
public struct AutoReplyPolicy: Sendable {
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        case disabled, automated, noSender, invalidRecipient, systemSender, noreply, list, ownAddress
        case followUp, alreadyAcknowledged, rateLimited
        /// A rule's `suppress-ack "reason"`.
        case rule(String)

        public var description: String {
            switch self {
            case .disabled: return "disabled"
            case .automated: return "automated"
            case .noSender: return "no_sender"
            case .invalidRecipient: return "invalid_recipient"
            case .systemSender: return "system_sender"
            case .noreply: return "noreply"
            case .list: return "list"
            case .ownAddress: return "own_address"
            case .followUp: return "follow_up"
            case .alreadyAcknowledged: return "already_acknowledged"
            case .rateLimited: return "rate_limited"
            case .rule(let r): return r
            }
        }
    }

    public enum Decision: Sendable, Equatable {
        case acknowledge(recipient: String)
        case suppress(Reason)

        public var reason: Reason? { if case .suppress(let r) = self { return r }; return nil }
    }

    /// What the ticket store knows when deciding.
    public struct History: Sendable, Equatable {
        public var isFollowUp: Bool
        public var acknowledgementsForTicket: Int
        public var acknowledgementsToRecipientInWindow: Int

        public init(isFollowUp: Bool = false, acknowledgementsForTicket: Int = 0, acknowledgementsToRecipientInWindow: Int = 0) {
            self.isFollowUp = isFollowUp
            self.acknowledgementsForTicket = acknowledgementsForTicket
            self.acknowledgementsToRecipientInWindow = acknowledgementsToRecipientInWindow
        }
    }

    public let settings: AckSettings
    /// The settings' address patterns and own addresses, lowercased and split once (not for every message).
    private let systemSenders: [Glob], noreplySenders: [Glob], listSenders: [Glob]
    private let ownAddresses: Set<String>, ownDomains: Set<String>, from: String

    /// The policy of the default settings, built once: `classify` and `batch --json` check every
    /// message against it (building it split and lowercased three dozen patterns per message).
    public static let defaults = AutoReplyPolicy(settings: AckSettings())

    public init(settings: AckSettings) {
        self.settings = settings
        systemSenders = settings.systemSenders.map { Glob($0.lowercased()) }
        noreplySenders = settings.noreplySenders.map { Glob($0.lowercased()) }
        listSenders = settings.listSenders.map { Glob($0.lowercased()) }
        ownAddresses = Set(settings.ownAddresses.map { $0.lowercased() })
        ownDomains = Set(settings.ownDomains.map { $0.lowercased() })
        from = settings.from.lowercased()
    }

    /// What can be decided from the message alone. `envelopeSender` is the
    /// MTA's return path when known ("" for a bounce's null sender).
    public func decide(_ message: Message, automated: AutomatedKind?, ruleSuppression: String?,
                       envelopeSender: String? = nil) -> Decision {
        if !settings.enabled { return .suppress(.disabled) }
        if automated != nil { return .suppress(.automated) }
        if let envelope = envelopeSender {
            let e = envelope.trimmingCharacters(in: " <>")
            if e.isEmpty { return .suppress(.noSender) }
            if Self.glob(localPart(e), systemSenders) { return .suppress(.systemSender) }
        }
        if let returnPath = message.header("Return-Path"), returnPath.trimmingCharacters(in: " <>\t").isEmpty {
            return .suppress(.noSender)
        }
        if Self.isListMail(message) { return .suppress(.list) }
        let candidate = message.replyTo.first(where: { !$0.address.isEmpty }) ?? message.from.first(where: { !$0.address.isEmpty })
        guard let candidate else { return .suppress(.noSender) }
        guard let recipient = HeaderSanitizer.address(candidate.address) else { return .suppress(.invalidRecipient) }
        let local = localPart(recipient)
        // Never to ourselves. Only the address we would answer counts: a web form on our own
        // domain that relays a customer (From ours, Reply-To theirs) is answered.
        let l = recipient.lowercased()
        // `address` leaves a non-empty domain after the last "@": for ASCII, the bytes after it.
        let d = l.isASCII && l.utf8.contains(0x40)
            ? String(decoding: l.utf8.split(separator: 0x40).last ?? [], as: UTF8.self)
            : l.split(separator: "@").last.map(String.init) ?? ""
        if ownAddresses.contains(l) || l == from || ownDomains.contains(d) {
            return .suppress(.ownAddress)
        }
        if Self.glob(local, systemSenders) { return .suppress(.systemSender) }
        if Self.glob(local, noreplySenders) { return .suppress(.noreply) }
        if Self.glob(local, listSenders) { return .suppress(.list) }
        if let ruleSuppression { return .suppress(.rule(ruleSuppression)) }
        return .acknowledge(recipient: recipient)
    }

    /// The store-dependent checks, after `decide` said yes.
    public func decide(_ first: Decision, history: History) -> Decision {
        guard case .acknowledge = first else { return first }
        if history.isFollowUp && !settings.onFollowUp { return .suppress(.followUp) }
        if history.acknowledgementsForTicket >= settings.perTicket { return .suppress(.alreadyAcknowledged) }
        if history.acknowledgementsToRecipientInWindow >= settings.rateLimit { return .suppress(.rateLimited) }
        return first
    }

    /// Mailing-list and bulk headers (RFC 2369, RFC 2919, Precedence, list-server stamps, X-Loop).
    static func isListMail(_ m: Message) -> Bool {
        for name in ["List-Id", "List-Post", "List-Unsubscribe", "List-Help", "List-Subscribe", "List-Owner", "List-Archive",
                     "X-Mailing-List", "X-ML-Name", "X-MLServer", "X-Loop"] where m.header(name) != nil {
            return true
        }
        if let p = m.header("Precedence")?.trimmingCharacters(in: " \t").lowercased(), ["list", "bulk", "junk"].contains(p) {
            return true
        }
        return false
    }

    private func localPart(_ address: String) -> String {
        // An ASCII address's "@" found among its bytes, not its characters.
        let at = address.isASCII ? address.utf8.lastIndex(of: 0x40) : address.lastIndex(of: "@")
        guard let at else { return address.lowercased() }
        return address[..<at].lowercased()
    }

    /// `text` against patterns already lowercased.
    private static func glob(_ text: String, _ lowercased: [Glob]) -> Bool {
        lowercased.contains { $0.matches(text) }
    }

    /// A pattern where `*` matches any run of characters, split at its stars once
    /// (splitting the three dozen patterns for every message cost more than matching them).
    struct Glob: Sendable {
        let pattern: String
        /// The text between the stars; one part: no star.
        let parts: [String]
        /// The characters every match has at least.
        let minimumLength: Int

        init(_ pattern: String) {
            self.pattern = pattern
            parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
            minimumLength = parts.reduce(0) { $0 + $1.count }
        }

        func matches(_ text: String) -> Bool {
            if parts.count == 1 { return pattern == text }
            guard text.hasPrefix(parts[0]), text.count >= minimumLength else { return false }
            var rest = Substring(text.dropFirst(parts[0].count))
            for (i, part) in parts.enumerated().dropFirst() {
                if i == parts.count - 1 { return rest.hasSuffix(part) }
                guard let r = rest.range(of: part) else { return false }
                rest = rest[r.upperBound...]
            }
            return true
        }
    }
}
