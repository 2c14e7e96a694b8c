import TextBasics

extension Configuration {
    /// `[security]`: `authserv_id`, the name the Secretariat's receiving server gives itself in the
    /// `Authentication-Results` fields it adds (RFC 8601 section 2.5; Exim's `authres_*`, Rspamd,
    /// OpenDMARC: usually its host name).
    static func readSecurity(_ reader: inout ConfigurationTableReader) throws(ConfigurationError) -> Security {
        var security = Security()
        guard var table = try reader.table("security") else { return security }
        if let id = try table.string("authserv_id") {
            let trimmed = id.trimmingCharacters(in: " \t")
            guard !trimmed.isEmpty, !trimmed.contains(where: { $0 == ";" || $0.isWhitespace || $0 == "(" || $0 == "\"" }) else {
                throw table.error("authserv_id", "expected the receiving server's authserv-id, one word such as \"mx.example.org\", found \"\(id)\"")
            }
            security.authservID = trimmed.lowercased()
        }
        try table.rejectUnknownKeys()
        return security
    }
}
