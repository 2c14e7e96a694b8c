/// Text runs from a legacy binary Office file (`.doc`, `.xls`): not a parser of the compound file
/// format, only the runs of printable UTF-16LE and 8-bit text it stores, enough for vocabulary.
/// Runs shorter than 4 characters are noise and dropped.
enum LegacyOfficeText {
    static func text(of bytes: [UInt8], maxCharacters: Int) -> String? {
        var runs: [String] = []
        var total = 0
        var utf16Run: [UInt16] = []
        var index = 0
        func closeRun() {
            if utf16Run.count >= 4 {
                let run = String(decoding: utf16Run, as: UTF16.self)
                runs.append(run)
                total += run.count
            }
            utf16Run.removeAll(keepingCapacity: true)
        }
        while index + 1 < bytes.count, total < maxCharacters {
            let unit = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            let printable = (unit >= 0x20 && unit < 0x7F) || (unit >= 0xA0 && unit < 0x2000) || unit == 0x2019 || unit == 0x20AC || unit == 0x0D || unit == 0x09
            if printable {
                utf16Run.append(unit == 0x0D ? 0x0A : unit)
                index += 2
            } else {
                closeRun()
                index += utf16Run.isEmpty ? 1 : 2
            }
        }
        closeRun()
        let text = runs.joined(separator: "\n")
        return TextExtractor.hasLetters(text) ? text : nil
    }
}
