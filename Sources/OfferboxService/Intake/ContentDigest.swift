import Crypto
import MIME

/// Hashes for the store, `parse --json` and `verify`: one lowercase-hex SHA-256 for them all.
public enum Digests {
    public static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        var hasher = SHA256()
        if bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            hasher.update(data: Array(bytes))
        }
        return hex(hasher.finalize())
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ digest: SHA256.Digest) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// SHA-256 of what the sender wrote: Message-ID, Date, From, To, Cc and Subject as written, then the body.
    ///
    /// The copies of one message delivered to two Secretariat mailboxes differ in the trace fields
    /// each server prepends (Received, Delivered-To, Return-Path, Authentication-Results), so the
    /// raw SHA-256 cannot tell they are one message; this digest can, and still tells a changed
    /// resubmission from the original.
    static func contentDigest(raw: [UInt8], message: Message) -> String {
        var hasher = SHA256()
        for name in ["Message-ID", "Date", "From", "To", "Cc", "Subject"] {
            hasher.update(data: Array(name.utf8) + [0x3A])
            for field in message.headers.all(name) { hasher.update(data: field.value + [0x0A]) }
        }
        hasher.update(data: [0x00])
        let bodyStart = message.root.rawBody.startIndex
        let headerEnd = message.headers.fields.isEmpty ? 0 : bodyStart
        raw.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[min(headerEnd, raw.count)...])) }
        return hex(hasher.finalize())
    }
}
