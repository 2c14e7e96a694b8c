/// One mailbox of an address list: `"Awa Diallo" <awa@example.org>`.
///
/// Produced by ``AddressParser/parseList(_:using:defects:)``; groups are flattened into
/// their mailboxes, each carrying the group's name.
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
