import Crypto

/// The SHA-256 of a file, lowercase hex: computed once per file here, it keys the shared text
/// readings of identical files and is what the register stores for each document.
enum ContentDigest {
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
