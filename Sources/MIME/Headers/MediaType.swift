// STUB: to be replaced by the RFC 2045/2231 parameter work.

/// Parameters of a Content-Type or Content-Disposition, names lowercased, values decoded.
public struct ParameterList: Sendable, Hashable, Sequence {
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    public private(set) var parameters: [Parameter]

    public init(_ parameters: [Parameter] = []) { self.parameters = parameters }

    /// The first value of `name` (case-insensitive).
    public subscript(name: String) -> String? {
        let key = name.lowercased()
        return parameters.first { $0.name == key }?.value
    }

    public func makeIterator() -> IndexingIterator<[Parameter]> { parameters.makeIterator() }
}

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

    /// RFC 2045: a part without Content-Type is `text/plain; charset=us-ascii`.
    public static let defaultText = MediaType(type: "text", subtype: "plain")
    /// RFC 2046 5.1.5: a part of a multipart/digest defaults to `message/rfc822`.
    public static let defaultDigestPart = MediaType(type: "message", subtype: "rfc822")

    /// Parses a Content-Type value; nil when no `type/subtype` can be found at all.
    public static func parse(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        defects: inout DefectSet
    ) -> MediaType? {
        nil
    }
}

/// A Content-Disposition value: `attachment; filename=...`.
public struct ContentDisposition: Sendable, Hashable {
    /// Lowercased disposition type, e.g. `attachment` or `inline`.
    public var kind: String
    public var parameters: ParameterList

    public init(kind: String, parameters: ParameterList = ParameterList()) {
        self.kind = kind
        self.parameters = parameters
    }

    public static func parse(
        _ raw: some Collection<UInt8>,
        using decoder: CharsetDecoder,
        defects: inout DefectSet
    ) -> ContentDisposition? {
        nil
    }
}
