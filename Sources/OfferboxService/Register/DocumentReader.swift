import MIME
public import OfferStore
import Synchronization

/// A stored document's bytes, checked against the SHA-256 recorded when it came in.
///
/// Most documents are the decoded body of one MIME part of a stored message: the store keeps
/// the message once and this reader decodes the part again (the parser is deterministic), so a
/// CV is not written to disk twice, once encoded and once decoded. Whatever the source, bytes
/// that do not hash to the recorded SHA-256 are an error, never handed out.
public struct DocumentReader: Sendable {
    let database: OfferDatabase
    /// The message parsed last: a message's documents are read one after the other (export, verify),
    /// and each would otherwise parse the whole message again.
    private let lastParsed = LastParsed()

    public init(database: OfferDatabase) { self.database = database }

    private final class LastParsed: Sendable {
        let entry = Mutex<(sha256: String, message: Message)?>(nil)

        func message(sha256: String, raw: [UInt8]) -> Message {
            if let cached = entry.withLock({ $0 }), cached.sha256 == sha256 { return cached.message }
            let message = MessageParser().parse(raw)
            entry.withLock { $0 = (sha256, message) }
            return message
        }
    }

    public enum ReadError: Error, CustomStringConvertible, Equatable {
        case missing(String)
        case partNotFound(sha256: String, partPath: String)
        case mismatch(sha256: String, actual: String)
        /// Retention removed the bytes (seconds since 1970).
        case purged(sha256: String, at: Int64)

        public var description: String {
            switch self {
            case .missing(let sha256): "document \(sha256) is not in the store"
            case .partNotFound(let sha256, let path): "document \(sha256): part \(path) is not in its message"
            case .mismatch(let sha256, let actual): "document \(sha256): its bytes hash to \(actual)"
            case .purged(let sha256, let at): "document \(sha256): removed by retention on \(TimeText.rfc3339(at))"
            }
        }
    }

    /// The bytes of the document whose SHA-256 is `sha256`.
    public func bytes(sha256: String) throws -> [UInt8] {
        guard let content = try database.documentBytes(sha256: sha256) else { throw ReadError.missing(sha256) }
        return try bytes(of: content, sha256: sha256)
    }

    /// The bytes `content` stands for, checked against `sha256`.
    public func bytes(of content: DocumentBytes, sha256: String) throws -> [UInt8] {
        let bytes: [UInt8]
        switch content {
        case .purged(let at):
            throw ReadError.purged(sha256: sha256, at: at)
        case .stored(let data):
            bytes = [UInt8](data)
        case .messagePart(let raw, let messageSHA256, let partPath):
            let message = lastParsed.message(sha256: messageSHA256, raw: raw)
            guard let part = message.leaves.first(where: { $0.path == partPath }) else {
                throw ReadError.partNotFound(sha256: sha256, partPath: partPath)
            }
            var defects = DefectSet()
            bytes = part.decodedBody(defects: &defects)
        }
        let actual = Digests.sha256Hex(bytes)
        guard actual == sha256 else { throw ReadError.mismatch(sha256: sha256, actual: actual) }
        return bytes
    }
}
