// STUB: to be replaced by the RFC 5322 address work.

/// One mailbox of an address list: `"Awa Diallo" <awa@example.org>`.
public struct MailAddress: Sendable, Hashable {
    /// The decoded display name, nil when absent or empty.
    public var name: String?
    /// `local@domain` as written (quotes of the local part removed), nil when none could be found.
    public var address: String?
    /// The name of the RFC 5322 group this mailbox belongs to, if any.
    public var group: String?

    public init(name: String?, address: String?, group: String? = nil) {
        self.name = name
        self.address = address
        self.group = group
    }
}

/// RFC 5322 section 3.4 address lists, with the obsolete and broken forms real mail has.
public enum AddressParser {
    /// Parses an unfolded From/To/Cc/Reply-To/Sender value into its mailboxes (groups flattened).
    public static func parseList(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        defects: inout DefectSet
    ) -> [MailAddress] {
        []
    }
}
