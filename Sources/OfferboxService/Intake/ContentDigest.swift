import Crypto
import MIME

/// Hashes for the store: of the raw bytes, and of the part of a message its sender wrote.
enum Digests {
    static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
        var hasher = SHA256()
        if let done: Void = bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) {
            _ = done
        } else {
            hasher.update(data: Array(bytes))
        }
        return hasher.finalize().map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
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
        return hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
