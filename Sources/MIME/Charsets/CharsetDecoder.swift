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
/// UTF-8, US-ASCII, ISO-8859-1, windows-1252 and UTF-16/32 are decoded in Swift; every other
/// charset goes through glibc iconv, with one converter per charset cached here (opened once,
/// reset before each use, closed with the decoder). One decoder per parsing thread: it is not `Sendable`.
public final class CharsetDecoder {
    /// Label as written → resolution (nil: unknown). Bounded: hostile mail can invent many labels.
    private var resolutions: [String: CharsetResolution?] = [:]
    /// glibc name → converter (nil: glibc refused to open it).
    private var converters: [String: IconvConverter?] = [:]
    private static let cacheLimit = 256

    public init() {}

    /// The normalised, lowercased name of a charset label (`"UTF8";` → `utf-8`, `latin1` → `iso-8859-1`,
    /// `win-1252` → `windows-1252`), or nil when neither our alias table nor glibc knows it.
    ///
    /// This is the name as declared, not the decoder used: `iso-8859-1` stays `iso-8859-1` although
    /// it is read as windows-1252.
    public static func canonicalName(_ label: String) -> String? {
        let normalized = CharsetAliases.normalize(label.utf8)
        guard !normalized.isEmpty else { return nil }
        if let (known, verified) = CharsetAliases.lookUp(normalized: normalized) {
            if verified { return known.canonicalName }
            if case .iconv(let glibcName) = known.codec, IconvConverter.isKnown(glibcName) { return known.canonicalName }
        }
        return IconvConverter.isKnown(normalized) ? normalized : nil
    }

    /// Like ``canonicalName(_:)``, using this decoder's caches (no iconv descriptor opened twice).
    public func canonicalName(_ label: String) -> String? {
        resolve(label)?.canonicalName
    }

    /// Decodes `bytes` declared as `charset` (nil: no declaration, guess UTF-8 then windows-1252).
    ///
    /// Never fails: an unknown charset, or bytes that are invalid in the declared one, are read as UTF-8
    /// when valid, else as windows-1252 (or with U+FFFD for the few bad bytes of mostly good text),
    /// and `defect` says so.
    public func decode(_ bytes: some Collection<UInt8>, charset: String?) -> DecodedText {
        if let result = bytes.withContiguousStorageIfAvailable({ decode(buffer: $0, charset: charset) }) {
            return result
        }
        let copy = Array(bytes)
        return copy.withUnsafeBufferPointer { decode(buffer: $0, charset: charset) }
    }

    /// ``decode(_:charset:)`` on a buffer, without copying.
    public func decode(buffer: UnsafeBufferPointer<UInt8>, charset: String?) -> DecodedText {
        guard let charset, !charset.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x22 }) else {
            return DecodedText(text: Self.guess(buffer))   // no (or an empty) declaration
        }
        guard let resolution = resolve(charset) else {
            return DecodedText(text: Self.guess(buffer), defect: .unknownCharset)
        }
        switch resolution.codec {
        case .utf8:
            return decodeUTF8(buffer)
        case .windows1252:
            return DecodedText(text: Windows1252.decode(buffer))
        case .utf16(let order):
            let (text, valid) = UnicodeDecoding.utf16(buffer, endianness: order)
            return DecodedText(text: text, defect: valid ? nil : .invalidCharsetData)
        case .utf32(let order):
            let (text, valid) = UnicodeDecoding.utf32(buffer, endianness: order)
            return DecodedText(text: text, defect: valid ? nil : .invalidCharsetData)
        case .guess:
            return DecodedText(text: Self.guess(buffer))
        case .iconv(let name):
            return decodeIconv(buffer, glibcName: name)
        }
    }

    // MARK: - Resolution and caches

    func resolve(_ label: String) -> CharsetResolution? {
        if let cached = resolutions[label] { return cached }
        let normalized = CharsetAliases.normalize(label.utf8)
        var resolution: CharsetResolution?
        if normalized.isEmpty {
            resolution = nil
        } else if let (known, verified) = CharsetAliases.lookUp(normalized: normalized),
                  verified || known.codec.glibcName.map({ converter(for: $0) != nil }) == true {
            resolution = known
        } else if converter(for: normalized) != nil {
            resolution = CharsetResolution(canonicalName: normalized, codec: .iconv(normalized))
        }
        if resolutions.count >= Self.cacheLimit { resolutions.removeAll(keepingCapacity: true) }
        resolutions[label] = .some(resolution)
        return resolution
    }

    private func converter(for glibcName: String) -> IconvConverter? {
        if let cached = converters[glibcName] { return cached }
        let opened = IconvConverter(from: glibcName)
        if converters.count >= Self.cacheLimit { converters.removeAll() }
        converters[glibcName] = .some(opened)
        return opened
    }

    // MARK: - Decoders

    private func decodeUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> DecodedText {
        let body = UnicodeDecoding.droppingUTF8BOM(buffer)
        let census = UnicodeDecoding.utf8Census(body)
        if census.isValid { return DecodedText(text: String(decoding: body, as: UTF8.self)) }
        // Mostly good UTF-8 with a few broken bytes keeps its characters; anything else was not UTF-8.
        if census.multiByteSequences >= census.invalidBytes &* 4 {
            return DecodedText(text: String(decoding: body, as: UTF8.self), defect: .invalidCharsetData)
        }
        return DecodedText(text: Windows1252.decode(body), defect: .invalidCharsetData)
    }

    private func decodeIconv(_ buffer: UnsafeBufferPointer<UInt8>, glibcName: String) -> DecodedText {
        guard let converter = converter(for: glibcName) else {
            return DecodedText(text: Self.guess(buffer), defect: .unknownCharset)
        }
        let (utf8, errors) = converter.convert(buffer)
        if errors == 0 { return DecodedText(text: String(decoding: utf8, as: UTF8.self)) }
        // A lying label: text that is valid UTF-8 was UTF-8.
        if UnicodeDecoding.isValidUTF8(buffer) {
            return DecodedText(text: String(decoding: UnicodeDecoding.droppingUTF8BOM(buffer), as: UTF8.self),
                               defect: .invalidCharsetData)
        }
        // Keep the declared charset when it explained most of the non-ASCII text, else guess.
        var nonASCII = 0
        for byte in utf8 where byte >= 0xC0 { nonASCII &+= 1 }
        if nonASCII &- errors >= errors &* 4 {
            return DecodedText(text: String(decoding: utf8, as: UTF8.self), defect: .invalidCharsetData)
        }
        return DecodedText(text: Windows1252.decode(buffer), defect: .invalidCharsetData)
    }

    /// No usable declaration: a UTF-16 BOM, else valid UTF-8, else windows-1252.
    static func guess(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        if buffer.count >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
            return UnicodeDecoding.utf16(buffer, endianness: nil).0
        }
        let body = UnicodeDecoding.droppingUTF8BOM(buffer)
        if UnicodeDecoding.isValidUTF8(body) { return String(decoding: body, as: UTF8.self) }
        return Windows1252.decode(body)
    }
}
