// STUB: to be replaced by the message-id work.

/// Message-ID, In-Reply-To and References (RFC 5322 section 3.6.4).
public enum MessageIDParser {
    /// The ids of a References or In-Reply-To value, without angle brackets, in order.
    public static func parseList(_ raw: some Collection<UInt8>, defects: inout DefectSet) -> [String] {
        []
    }

    /// The single id of a Message-ID value, without angle brackets; nil when empty.
    public static func parseSingle(_ raw: some Collection<UInt8>, defects: inout DefectSet) -> String? {
        nil
    }
}
