import MIME

/// Fixed tables that turn one input byte into a parameter, so the fuzzer can explore them.
enum FuzzChoices {
    static let encodings: [TransferEncoding] = [
        .base64, .quotedPrintable, .uuencode, .sevenBit, .eightBit, .binary, .unknown("x-token"),
    ]

    /// Declared names as they appear in mail, including aliases, lies and unknown names.
    static let charsets: [String?] = [
        nil, "utf-8", "UTF8", "us-ascii", "iso-8859-1", "latin1", "windows-1252", "cp1252", "iso-8859-15",
        "iso-2022-jp", "shift_jis", "euc-jp", "gb2312", "gbk", "big5", "ks_c_5601-1987", "koi8-r",
        "windows-1251", "utf-16", "utf-16le", "utf-7", "unicode-1-1-utf-7", "x-mac-roman", "macintosh",
        "utf-32", "x-unknown", "", "iso-8859-1'en", "\"utf-8\"",
    ]

    static func encoding(_ byte: UInt8) -> TransferEncoding { encodings[Int(byte) % encodings.count] }

    static func charset(_ byte: UInt8) -> String? { charsets[Int(byte) % charsets.count] }

    static let tightLimits: ParserLimits = {
        var limits = ParserLimits()
        limits.maxMessageSize = 4096
        limits.maxNestingDepth = 3
        limits.maxPartCount = 12
        limits.maxHeaderCount = 12
        limits.maxHeaderLength = 200
        limits.maxEncodedWordsPerHeader = 3
        return limits
    }()
}
