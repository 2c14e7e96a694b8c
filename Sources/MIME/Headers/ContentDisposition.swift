/// A Content-Disposition value: `attachment; filename=...` (RFC 2183, parameters as in RFC 2231).
public struct ContentDisposition: Sendable, Hashable {
    /// Lowercased disposition type, e.g. `attachment` or `inline`.
    public var kind: String
    public var parameters: ParameterList

    public init(kind: String, parameters: ParameterList = ParameterList()) {
        self.kind = kind
        self.parameters = parameters
    }

    /// The decoded `filename` parameter, if any.
    public var filename: String? { parameters["filename"] }

    /// Parses a Content-Disposition value; nil when it holds neither a disposition type nor parameters.
    ///
    /// A value that starts with a parameter (`filename="a.pdf"`, the type forgotten) becomes `attachment`
    /// when it names a file, else `inline`, with ``Defect/invalidParameter``.
    public static func parse(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        defects: inout DefectSet
    ) -> ContentDisposition? {
        EncodedWords.withBuffer(raw) { input in
            var cursor = HeaderCursor(input)
            cursor.skipCFWS()
            if cursor.tokenIsFollowedByEquals(from: cursor.index) {
                let parameters = HeaderParameters.parse(input, from: cursor.index, using: decoder, defects: &defects)
                defects.insert(.invalidParameter)
                let named = parameters["filename"] != nil || parameters["name"] != nil
                return ContentDisposition(kind: named ? "attachment" : "inline", parameters: parameters)
            }
            let kind = cursor.lowercasedToken()
            guard !kind.isEmpty else { return nil }
            let parameters = HeaderParameters.parse(input, from: cursor.index, using: decoder, defects: &defects)
            return ContentDisposition(kind: kind, parameters: parameters)
        }
    }
}
