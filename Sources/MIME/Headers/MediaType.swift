/// A Content-Type value: `type/subtype; parameters`.
public struct MediaType: Sendable, Hashable {
    /// Lowercased, e.g. `text`.
    public var type: String
    /// Lowercased, e.g. `plain`.
    public var subtype: String
    public var parameters: ParameterList

    public init(type: String, subtype: String, parameters: ParameterList = ParameterList()) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// `type/subtype`, lowercased.
    public var mimeType: String { "\(type)/\(subtype)" }

    public var isMultipart: Bool { type == "multipart" }

    /// The `charset` parameter as written (see ``CharsetDecoder/canonicalName(_:)`` to normalise it).
    public var charset: String? { parameters["charset"] }

    /// The `boundary` parameter of a multipart (RFC 2046 section 5.1.1), exactly as written.
    public var boundary: String? { parameters["boundary"] }

    /// RFC 2045: a part without Content-Type is `text/plain; charset=us-ascii`.
    public static let defaultText = MediaType(type: "text", subtype: "plain")
    /// RFC 2046 5.1.5: a part of a multipart/digest defaults to `message/rfc822`.
    public static let defaultDigestPart = MediaType(type: "message", subtype: "rfc822")

    /// Parses a Content-Type value (RFC 2045 section 5.1, RFC 2231); nil when no `type/subtype` can be found at all.
    ///
    /// A missing subtype is repaired with ``Defect/invalidContentType``: `text` → `text/plain`,
    /// `multipart` → `multipart/mixed`, `message` → `message/rfc822`, anything else → `application/octet-stream`.
    public static func parse(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        defects: inout DefectSet
    ) -> MediaType? {
        EncodedWords.withBuffer(raw) { input in
            var cursor = HeaderCursor(input)
            cursor.skipCFWS()
            // A value that starts with `name=` has no type at all.
            guard !cursor.tokenIsFollowedByEquals(from: cursor.index) else {
                defects.insert(.invalidContentType)
                return nil
            }
            var type = cursor.lowercasedToken()
            guard !type.isEmpty else {
                defects.insert(.invalidContentType)
                return nil
            }
            cursor.skipCFWS()
            var subtype = ""
            if cursor.current == UInt8(ascii: "/") {
                cursor.index &+= 1
                cursor.skipCFWS()
                if !cursor.tokenIsFollowedByEquals(from: cursor.index) { subtype = cursor.lowercasedToken() }
            }
            if subtype.isEmpty {
                defects.insert(.invalidContentType)
                (type, subtype) = defaultSubtype(for: type)
            }
            let parameters = HeaderParameters.parse(input, from: cursor.index, using: decoder, defects: &defects)
            return MediaType(type: type, subtype: subtype, parameters: parameters)
        }
    }

    private static func defaultSubtype(for type: String) -> (String, String) {
        switch type {
        case "text": ("text", "plain")
        case "multipart": ("multipart", "mixed")
        case "message": ("message", "rfc822")
        default: ("application", "octet-stream")
        }
    }
}
