/// A short, machine-readable name for something malformed that the parser repaired.
///
/// Parsing never fails on bad input: every repair is recorded as a defect so the
/// caller (and the evaluation committee) can see what was wrong with a message.
/// Names are `snake_case` and stable: they appear in `parse --json` output.
public struct Defect: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }

    public static func < (lhs: Defect, rhs: Defect) -> Bool { lhs.name < rhs.name }
}

extension Defect {
    // Headers
    public static let headerWithoutColon = Defect("header_without_colon")
    public static let raw8BitHeader = Defect("raw_8bit_header")
    public static let invalidHeaderName = Defect("invalid_header_name")
    public static let bareCarriageReturn = Defect("bare_cr")
    public static let missingHeaderBodySeparator = Defect("missing_header_body_separator")
    public static let invalidEncodedWord = Defect("invalid_encoded_word")
    public static let invalidAddress = Defect("invalid_address")
    public static let invalidDate = Defect("invalid_date")
    public static let invalidMessageID = Defect("invalid_message_id")
    public static let invalidContentType = Defect("invalid_content_type")
    public static let invalidParameter = Defect("invalid_parameter")
    public static let encodedWordInParameter = Defect("encoded_word_in_parameter")
    public static let duplicateHeader = Defect("duplicate_header")

    // Charsets
    public static let unknownCharset = Defect("unknown_charset")
    public static let invalidCharsetData = Defect("invalid_charset_data")

    // MIME structure
    public static let missingBoundaryParameter = Defect("missing_boundary_parameter")
    public static let missingFinalBoundary = Defect("missing_final_boundary")
    public static let noBoundaryFound = Defect("no_boundary_found")
    public static let unknownTransferEncoding = Defect("unknown_transfer_encoding")
    public static let invalidTransferEncodingForMultipart = Defect("invalid_transfer_encoding_for_multipart")
    public static let truncatedMessage = Defect("truncated_message")

    // Transfer encodings
    public static let invalidBase64 = Defect("invalid_base64")
    public static let base64MissingPadding = Defect("base64_missing_padding")
    public static let invalidQuotedPrintable = Defect("invalid_quoted_printable")
    public static let invalidUUEncode = Defect("invalid_uuencode")

    // Limits (see ``ParserLimits``)
    public static let messageSizeLimit = Defect("limit_message_size")
    public static let nestingDepthLimit = Defect("limit_nesting_depth")
    public static let partCountLimit = Defect("limit_part_count")
    public static let headerCountLimit = Defect("limit_header_count")
    public static let headerLengthLimit = Defect("limit_header_length")
    public static let encodedWordLimit = Defect("limit_encoded_words")
}

/// The defects of one message, in the order first seen, each once.
public struct DefectSet: Sendable, Hashable, Sequence {
    public private(set) var defects: [Defect] = []

    public init() {}

    public init(_ defects: some Sequence<Defect>) {
        for defect in defects { insert(defect) }
    }

    public mutating func insert(_ defect: Defect) {
        if !defects.contains(defect) { defects.append(defect) }
    }

    public mutating func formUnion(_ other: DefectSet) {
        for defect in other.defects { insert(defect) }
    }

    public func contains(_ defect: Defect) -> Bool { defects.contains(defect) }

    public var isEmpty: Bool { defects.isEmpty }

    public var names: [String] { defects.map(\.name) }

    public func makeIterator() -> IndexingIterator<[Defect]> { defects.makeIterator() }
}
