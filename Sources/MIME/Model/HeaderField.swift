/// One header field as it stood in the message.
///
/// The value is kept as raw bytes: decoding depends on the field (structured or not), and a
/// legacy-charset byte must not be guessed at before the field's grammar is known.
public struct HeaderField: Sendable, Hashable {
    /// The name as written, e.g. `Content-Type`.
    public var name: String
    /// The value after the colon, unfolded (CRLF/LF before white space removed), leading white space trimmed.
    public var value: [UInt8]
    /// Byte offset of the field in the message.
    public var offset: Int

    public init(name: String, value: [UInt8], offset: Int) {
        self.name = name
        self.value = value
        self.offset = offset
    }

    /// The value as text for logging and simple fields: UTF-8 where valid, else replacement characters.
    public var valueText: String { String(decoding: value, as: UTF8.self) }
}

/// The header block of a message or part, in order, repeated fields kept.
public struct HeaderList: Sendable, Hashable, Sequence {
    public private(set) var fields: [HeaderField]

    public init(_ fields: [HeaderField] = []) { self.fields = fields }

    /// The first field named `name` (case-insensitive).
    public func first(_ name: String) -> HeaderField? {
        fields.first { $0.name.utf8.count == name.utf8.count && $0.name.lowercased() == name.lowercased() }
    }

    /// Every field named `name` (case-insensitive), in order.
    public func all(_ name: String) -> [HeaderField] {
        let key = name.lowercased()
        return fields.filter { $0.name.lowercased() == key }
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public mutating func append(_ field: HeaderField) { fields.append(field) }

    public func makeIterator() -> IndexingIterator<[HeaderField]> { fields.makeIterator() }
}
