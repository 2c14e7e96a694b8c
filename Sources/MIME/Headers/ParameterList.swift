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

    public var isEmpty: Bool { parameters.isEmpty }

    public func makeIterator() -> IndexingIterator<[Parameter]> { parameters.makeIterator() }
}
