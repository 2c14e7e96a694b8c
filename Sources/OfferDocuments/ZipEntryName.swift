/// The name of a zip entry from its raw bytes, as 7-Zip and libarchive read it: UTF-8 when flag 11
/// says so; else the Info-ZIP Unicode Path extra field (0x7075) when its CRC-32 matches the raw
/// name (a stale field left by a tool that renamed the entry is ignored); else the raw bytes as
/// UTF-8 when they are valid UTF-8 (Info-ZIP and macOS write UTF-8 without the flag, the usual
/// case for French and Portuguese names); else CP437, the code page APPNOTE.TXT names (appendix D).
enum ZipEntryName {
    static let utf8Flag: UInt16 = 1 << 11
    private static let unicodePathID: UInt16 = 0x7075

    static func decode(raw: [UInt8], flags: UInt16, extra: [UInt8]) -> String {
        if flags & utf8Flag != 0 { return String(decoding: raw, as: UTF8.self) }
        if let unicode = unicodePath(in: extra, rawName: raw) { return unicode }
        if let utf8 = String(validating: raw, as: UTF8.self) { return utf8 }
        return cp437(raw)
    }

    /// The Unicode Path field: version 1, CRC-32 of the raw name, the UTF-8 name (Info-ZIP's extrafld.txt).
    static func unicodePath(in extra: [UInt8], rawName: [UInt8]) -> String? {
        var reader = LittleEndianReader(extra)
        while let id = reader.u16(), let size = reader.u16(), let field = reader.take(Int(size)) {
            guard id == unicodePathID else { continue }
            var body = LittleEndianReader(field)
            guard body.u8() == 1, let crc = body.u32(), crc == ZipChecksum.crc32(rawName),
                  let name = body.take(body.remaining), !name.isEmpty else { return nil }
            return String(validating: name, as: UTF8.self)
        }
        return nil
    }

    static func cp437(_ raw: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in raw {
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
            } else {
                scalars.append(cp437High[Int(byte - 0x80)])
            }
        }
        return String(scalars)
    }

    /// Bytes 0x80...0xFF of code page 437.
    private static let cp437High: [Unicode.Scalar] = Array(
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{00A0}".unicodeScalars)
}
