/// Message-ID, In-Reply-To and References (RFC 5322 section 3.6.4, obsolete forms of section 4.5.4).
///
/// Ids come back without angle brackets, with the white space and comments that the obsolete
/// syntax allows inside them removed (`<1234   @   local(blah)  .machine .example>` gives
/// `1234@local.machine.example`). Repairs, recorded once as ``Defect/invalidMessageID``:
/// - junk between ids (commas, words, the quoted dates of old `In-Reply-To: Your message of "..."`);
/// - a missing `>` (the id ends at the next `<`, or at white space that does not sit next to `@` or `.`);
/// - ids without brackets (`abc@example.org`): taken only when the value has no bracketed id,
///   so that the words of an old In-Reply-To phrase (`awa@example.org's message`) are not ids;
/// - white space inside an id between two words; an empty `<>`.
///
/// One pass, constant stack: linear in the input whatever its content.
public enum MessageIDParser {
    /// The ids of a References or In-Reply-To value, without angle brackets, in order.
    public static func parseList(_ raw: some Collection<UInt8>, defects: inout DefectSet) -> [String] {
        let scan = scan(raw)
        if scan.repaired { defects.insert(.invalidMessageID) }
        return scan.ids
    }

    /// The single id of a Message-ID value, without angle brackets; nil when empty.
    ///
    /// The first id when there are several; a lone word without `@` (`Message-ID: 12345`) when
    /// nothing better is there.
    public static func parseSingle(_ raw: some Collection<UInt8>, defects: inout DefectSet) -> String? {
        let scan = scan(raw)
        if scan.repaired || scan.ids.count > 1 { defects.insert(.invalidMessageID) }
        return scan.ids.first ?? scan.firstWord
    }

    private static func scan(_ raw: some Collection<UInt8>) -> MessageIDScanner.Result {
        if let result = raw.withContiguousStorageIfAvailable({ MessageIDScanner.scan($0) }) { return result }
        return Array(raw).withUnsafeBufferPointer { MessageIDScanner.scan($0) }
    }
}
