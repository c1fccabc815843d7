/// The `[acknowledgement]` section of the configuration (defaults documented
/// in Rules/billtriage.toml).
public struct AckSettings: Sendable, Equatable {
    /// false: never acknowledge (every decision is still recorded, as `disabled`).
    public var enabled = true
    /// Our sender address: From of every acknowledgement, and the envelope sender.
    public var from = "billing@example.com"
    /// The team name for `{desk}` and the From display name.
    public var desk = "Billing Support"
    /// Addresses and domains that are ours: never acknowledged (two desks must not answer each other).
    public var ownAddresses: [String] = []
    public var ownDomains: [String] = []
    /// Local parts (with `*` wildcards) of senders that are systems, not people.
    public var systemSenders = ["mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"]
    public var noreplySenders = ["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply",
                                 "noreply-*", "no-reply-*", "*-noreply", "*-no-reply", "bounce", "bounces", "bounce-*",
                                 "naoresponder", "nao-responder", "noresponder", "no-responder", "nonrispondere", "non-rispondere",
                                 "nepasrepondre", "ne-pas-repondre", "keine-antwort", "nicht-antworten", "niet-beantwoorden",
                                 "geen-antwoord"]
    public var listSenders = ["owner-*", "*-owner", "*-request", "listserv", "majordomo", "mailman", "*-bounces"]
    /// At most this many acknowledgements to one recipient per window (two auto-responders cannot loop).
    public var rateLimit = 3
    public var rateWindowHours = 24
    /// Acknowledgements per ticket; follow-ups are acknowledged only when `onFollowUp` is true.
    public var perTicket = 1
    public var onFollowUp = false
    /// The Maildir acknowledgements are written into when they are not sent (`--send` not given).
    public var outbox = "outbox"
    /// libmailutils mailer URL for `--send`: `sendmail:`, `sendmail:///usr/sbin/sendmail`, `smtp://host:port`.
    public var mailer = "sendmail:"
    /// Attempts before a pending acknowledgement is given up as failed.
    public var maxAttempts = 10

    public init() {}

    /// The configuration keys of `[acknowledgement]`.
    public static let keys = ["enabled", "from", "desk", "own_addresses", "own_domains", "system_senders", "noreply_senders",
                              "list_senders", "rate_limit", "rate_window_hours", "per_ticket", "on_follow_up", "outbox",
                              "mailer", "max_attempts"]

    /// The domain of our Message-IDs.
    public var domain: String {
        guard let at = from.lastIndex(of: "@") else { return "localhost" }
        let d = from[from.index(after: at)...]
        return d.isEmpty ? "localhost" : String(d).lowercased()
    }
}
