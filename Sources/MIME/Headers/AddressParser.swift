/// RFC 5322 section 3.4 address lists, with the obsolete (section 4.4) and broken forms real mail has.
///
/// The parser never fails: whatever it repairs is recorded once as ``Defect/invalidAddress``.
/// Repairs, in order of how often mail needs them:
/// - a mailbox without angle brackets after a name (`"Name" user@host`, `Name user@host`);
/// - `;` used as a list separator outside a group (`a@x; b@y`), a group without its closing `;`;
/// - a missing `>` (`Name <a@x`), stray `>` or `)`, unterminated quotes and comments;
/// - junk after an address (`Name <a@x> <b@y>` keeps the first), two bare addresses without a comma;
/// - a name without an address (`Whomever` gives name `Whomever`, address nil), an address without `@`.
///
/// Kept as RFC 5322 allows, without a defect: comments anywhere, white space around `@` and `.`
/// (`jdoe@test . example`), obsolete routes (`<@a,@b:user@host>` gives `user@host`), empty list
/// elements (`a@x,,b@y`), empty groups, a legacy comment name (`awa@example.org (Awa Diallo)`).
///
/// Runs in time linear in the input and constant stack, whatever the nesting of comments.
public enum AddressParser {
    /// Parses an unfolded From/To/Cc/Reply-To/Sender value into its mailboxes (groups flattened).
    public static func parseList(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        defects: inout DefectSet
    ) -> [MailAddress] {
        if let result = raw.withContiguousStorageIfAvailable({ buffer in
            parseList(buffer, decoder: decoder, defects: &defects)
        }) {
            return result
        }
        return Array(raw).withUnsafeBufferPointer { buffer in
            parseList(buffer, decoder: decoder, defects: &defects)
        }
    }

    private static func parseList(
        _ bytes: UnsafeBufferPointer<UInt8>,
        decoder: CharsetDecoder,
        defects: inout DefectSet
    ) -> [MailAddress] {
        var builder = AddressListBuilder(bytes: bytes, decoder: decoder)
        var lexer = AddressLexer(bytes)
        while let token = lexer.next() {
            builder.consume(token)
        }
        builder.finish()
        if lexer.sawMalformedSyntax { builder.repaired = true }
        if builder.repaired { defects.insert(.invalidAddress) }
        defects.formUnion(builder.decodingDefects)
        return builder.mailboxes
    }
}
