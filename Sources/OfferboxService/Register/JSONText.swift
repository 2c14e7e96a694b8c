import Foundation

/// JSON text as the register prints it: keys sorted, slashes as they are (the stored rows'
/// own form, so that a view prints what the store holds).
public enum JSONText {
    public static func object(_ values: [String: String]) -> String { encode(values) }

    public static func array(_ values: [String]) -> String { encode(values) }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
