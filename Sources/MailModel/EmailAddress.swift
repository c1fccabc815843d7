/// A mailbox from an address header: display name and addr-spec.
public struct EmailAddress: Sendable, Hashable, Codable {
    /// Display name, RFC 2047 decoded, quotes removed; "" when absent.
    public var name: String
    /// The addr-spec as written (`local@domain`); may be "" for a group or a broken value.
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    /// The domain part in lower case, "" when there is none.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return address[address.index(after: at)...].lowercased()
    }

    /// The local part in lower case.
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address.lowercased() }
        return address[..<at].lowercased()
    }
}
