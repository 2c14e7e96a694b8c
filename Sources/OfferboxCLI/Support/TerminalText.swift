/// Applicant text (names, subjects, file names) as it may be printed to a terminal: control
/// characters (C0, DEL, C1: escape sequences could move the cursor or retitle the window) and
/// direction overrides (which make `CV‮fdp.exe` read as `CV.exe.pdf`) become visible `\u{…}` escapes.
enum TerminalText {
    static func safe(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = value < 0x20 || (0x7F...0x9F).contains(value)
            let direction = (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
                || value == 0x061C
            if control || direction {
                result += "\\u{" + String(value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
