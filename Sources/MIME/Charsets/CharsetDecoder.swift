// STUB: to be replaced by the charset work (iconv, aliases, caching, fallback).
public import Foundation

/// Text decoded from bytes in a declared charset, with the defect met on the way (if any).
public struct DecodedText: Sendable, Hashable {
    public var text: String
    /// ``Defect/unknownCharset`` or ``Defect/invalidCharsetData`` when a guess was used.
    public var defect: Defect?

    public init(text: String, defect: Defect? = nil) {
        self.text = text
        self.defect = defect
    }
}

/// Turns bytes in any charset named in mail into Swift strings.
///
/// One decoder per parsing thread: it caches converters and is not `Sendable`.
public final class CharsetDecoder {
    public init() {}

    /// Decodes `bytes` declared as `charset` (nil: no declaration, guess UTF-8 then windows-1252).
    public func decode(_ bytes: some Collection<UInt8>, charset: String?) -> DecodedText {
        DecodedText(text: String(decoding: Array(bytes), as: UTF8.self))
    }
}
