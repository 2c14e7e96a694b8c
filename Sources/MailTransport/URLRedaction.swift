/// A server URL as it may be shown in a message or a log: any userinfo (`user:password@`) replaced.
///
/// offerbox never takes credentials from a URL (they go in `username` and `password_file`), but an
/// operator may write one there anyway, and the message that refuses it must not repeat it. Where
/// the userinfo ends is not always clear (a password may hold `/`, `@`, `?` or `#`, which RFC 3986
/// forbids there but people type), so everything between `://` and the last `@` is hidden: at
/// worst a mailbox name with an `@` is hidden too, and never a secret shown.
public enum URLRedaction {
    public static let placeholder = "REDACTED"

    public static func redacted(_ url: String) -> String {
        let start = url.firstRange(of: "://")?.upperBound ?? url.startIndex
        guard let at = url[start...].lastIndex(of: "@") else { return url }
        return String(url[..<start]) + placeholder + String(url[at...])
    }
}
