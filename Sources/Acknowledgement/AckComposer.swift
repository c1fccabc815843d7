import Foundation

/// What an acknowledgement says, gathered from the ticket and the message it answers.
public struct AckRequest: Sendable, Equatable {
    public var ticket: String
    public var recipient: String
    public var customerName: String
    public var language: String
    public var invoices: [String]
    /// (decimal value, ISO currency)
    public var amounts: [(value: String, currency: String)]
    public var slaDue: Date
    public var originalSubject: String
    public var originalMessageID: String
    public var originalReferences: [String]

    public init(ticket: String, recipient: String, customerName: String, language: String, invoices: [String],
                amounts: [(value: String, currency: String)], slaDue: Date, originalSubject: String,
                originalMessageID: String, originalReferences: [String]) {
        self.ticket = ticket
        self.recipient = recipient
        self.customerName = customerName
        self.language = language
        self.invoices = invoices
        self.amounts = amounts
        self.slaDue = slaDue
        self.originalSubject = originalSubject
        self.originalMessageID = originalMessageID
        self.originalReferences = originalReferences
    }

    public static func == (a: AckRequest, b: AckRequest) -> Bool {
        a.ticket == b.ticket && a.recipient == b.recipient && a.customerName == b.customerName && a.language == b.language
            && a.invoices == b.invoices && a.amounts.map { $0.value + $0.currency } == b.amounts.map { $0.value + $0.currency }
            && a.slaDue == b.slaDue && a.originalSubject == b.originalSubject
            && a.originalMessageID == b.originalMessageID && a.originalReferences == b.originalReferences
    }
}

/// A composed acknowledgement: RFC 5322 bytes (LF line ends) and its envelope.
public struct OutgoingMessage: Sendable, Equatable {
    public var messageID: String
    public var sender: String
    public var recipient: String
    public var bytes: [UInt8]

    public init(messageID: String, sender: String, recipient: String, bytes: [UInt8]) {
        self.messageID = messageID
        self.sender = sender
        self.recipient = recipient
        self.bytes = bytes
    }
}

/// Builds the acknowledgement (SPEC §10, RFC 3834): template filled with
/// sanitized values, UTF-8 body in quoted-printable when it is not ASCII.
public struct AckComposer: Sendable {
    public let settings: AckSettings
    public let timeZone: TimeZone
    /// Made once: the From header.
    private let from: String

    public init(settings: AckSettings, timeZone: TimeZone) {
        self.settings = settings
        self.timeZone = timeZone
        from = Self.fromHeader(settings)
    }

    /// The body text for a request.
    public func body(_ r: AckRequest, template: AckTemplate, locale: TemplateLocale) -> String {
        let invoices = r.invoices.map { HeaderSanitizer.line($0, limit: 40) }.filter { !$0.isEmpty }
        let amounts = r.amounts.prefix(5).map { locale.format(amount: $0.value, currency: HeaderSanitizer.line($0.currency, limit: 3)) }
        return template.render([
            .ticket: r.ticket,
            .dueDate: locale.format(date: r.slaDue, timeZone: timeZone),
            .name: HeaderSanitizer.personName(r.customerName),
            .invoices: locale.list(Array(invoices.prefix(5))),
            .amounts: locale.list(amounts),
            .desk: HeaderSanitizer.line(settings.desk, limit: 60),
        ])
    }

    public func compose(_ r: AckRequest, template: AckTemplate, locale: TemplateLocale, now: Date,
                        messageID: String? = nil) -> OutgoingMessage {
        let id = messageID ?? Self.newMessageID(ticket: r.ticket, domain: settings.domain)
        let text = body(r, template: template, locale: locale)
        var h: [(String, String)] = [
            ("From", from),
            ("To", "<\(r.recipient)>"),
            ("Subject", HeaderSanitizer.replySubject(r.originalSubject, ticket: r.ticket)),
            ("Date", Self.rfc5322Date(now)),
            ("Message-ID", id),
        ]
        let original = Self.validMessageID(r.originalMessageID)
        if let original { h.append(("In-Reply-To", original)) }
        let references = (r.originalReferences.compactMap(Self.validMessageID) + [original].compactMap { $0 }).suffix(10)
        if !references.isEmpty { h.append(("References", references.joined(separator: "\n "))) }
        h += [
            ("Auto-Submitted", "auto-replied"),
            ("X-Auto-Response-Suppress", "All"),
            ("X-BillTriage-Ticket", r.ticket),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Language", HeaderSanitizer.line(r.language, limit: 8).filter { $0.isLetter || $0 == "-" }),
        ]
        let plain = MIMEEncoding.is7bit(text)
        h.append(("Content-Transfer-Encoding", plain ? "7bit" : "quoted-printable"))
        // Assembled as UTF-8 bytes: some sixty String appends a message cost more than the headers' own work.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 2 + 1024)
        for (name, value) in h where !value.isEmpty {
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: (name == "Subject" ? MIMEEncoding.headerValue(value, nameLength: name.utf8.count) : value).utf8)
            out.append(0x0A)
        }
        out.append(0x0A)
        out.append(contentsOf: (plain ? text : MIMEEncoding.quotedPrintable(text)).utf8)
        if out.last != 0x0A { out.append(0x0A) }
        return OutgoingMessage(messageID: id, sender: settings.from, recipient: r.recipient, bytes: out)
    }

    /// `"Billing Support" <billing@example.com>`, the name encoded when it is not ASCII.
    static func fromHeader(_ settings: AckSettings) -> String {
        let name = HeaderSanitizer.line(settings.desk, limit: 60)
        let address = HeaderSanitizer.address(settings.from) ?? "postmaster@localhost"
        if name.isEmpty { return "<\(address)>" }
        if name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !name.contains("=?") {
            let quoted = name.replacingEvery("\\", with: "\\\\").replacingEvery("\"", with: "\\\"")
            return "\"\(quoted)\" <\(address)>"
        }
        return MIMEEncoding.headerValue(name, nameLength: 4) + " <\(address)>"
    }

    /// `<…@…>` with nothing but printable ASCII inside, else nil (never copied into our headers).
    static func validMessageID(_ id: String) -> String? {
        let t = id.trimmingCharacters(in: " \t")
        // In bytes: once everything between the brackets is printable ASCII, bytes are characters.
        let u = t.utf8
        guard u.first == 0x3C, u.last == 0x3E, u.count > 4, u.count <= 250, u.contains(0x40) else { return nil }  // < > @
        guard u.dropFirst().dropLast().allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3C && $0 != 0x3E }) else { return nil }
        return t
    }

    static func newMessageID(ticket: String, domain: String) -> String {
        var g = SystemRandomNumberGenerator()
        let random = String(g.next() as UInt64, radix: 16)
        return "<\(ticket.lowercased()).\(random)@\(domain)>"
    }

    /// "Thu, 26 Nov 2026 17:50:00 +0000"
    static func rfc5322Date(_ d: Date) -> String {
        var t = time_t(d.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[Int(tm.tm_wday)]), \(tm.tm_mday) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) +0000"
    }
}
