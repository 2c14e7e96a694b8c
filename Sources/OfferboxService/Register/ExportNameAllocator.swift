/// Gives the names `export-documents` writes under: every name is safe by construction, whatever
/// the applicant called the file.
///
/// A name allocated here is never empty, never `.` or `..`, never hidden (no leading dot), never
/// a reserved name such as the manifest's, at most 255 UTF-8 bytes (the limit of ext4, XFS and most
/// other file systems) cut between characters, free of `/`, `\` and NUL, free of invisible and
/// direction-control characters (a right-to-left override would make `CV‮fdp.exe` read as
/// `CVexe.pdf`), and distinct from every name allocated before, ignoring case (the folder may be
/// copied to a case-insensitive file system, or opened on one over a share).
///
/// Pure: it keeps the names it gave and nothing else; no file system is looked at.
public struct ExportNameAllocator: Sendable {
    /// The longest file name, in bytes, that Linux file systems accept (`NAME_MAX`).
    static let maximumBytes = 255
    /// The name given to a file whose name is nothing once cleaned.
    static let fallbackName = "unnamed"
    /// A suffix after the last dot counts as the extension (kept when a name is shortened or
    /// numbered) only when it is this short: a 200-byte "extension" is just part of the name.
    static let maximumExtensionBytes = 16

    /// Case-folded forms of the names given so far and of the reserved ones.
    private var taken: Set<String>

    /// `reserved`: names never given out (compared ignoring case), e.g. `MANIFEST.sha256`.
    public init(reserved: [String] = []) {
        taken = Set(reserved.map(Self.foldedKey))
    }

    /// A safe name for `wanted`, distinct from every name given before: the cleaned name, or, when
    /// that is taken, the same with ` (2)`, ` (3)`, ... before its extension.
    public mutating func allocate(_ wanted: String) -> String {
        let (stem, pathExtension) = Self.split(Self.cleaned(wanted))
        var counter = 1
        while true {
            let suffix = counter == 1 ? "" : " (\(counter))"
            let candidate = Self.fitted(stem: stem, suffix: suffix, pathExtension: pathExtension)
            // Each counter gives a different ending, so among finitely many taken names one is free.
            if taken.insert(Self.foldedKey(candidate)).inserted { return candidate }
            counter += 1
        }
    }

    // MARK: - Pure steps

    /// `wanted` with invisible and control characters removed, path separators and NUL replaced,
    /// leading dots removed, and never empty.
    static func cleaned(_ wanted: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in wanted.unicodeScalars {
            if scalar == "/" || scalar == "\\" || scalar.value == 0 {
                scalars.append("_")
            } else if !isInvisible(scalar) {
                scalars.append(scalar)
            }
        }
        // A leading dot hides the file (and `.` and `..` are not files at all). Scalars, not
        // characters: a dot carrying a combining mark is a character of its own but still a dot.
        let visible = scalars.drop { $0 == "." }
        guard visible.contains(where: { $0 != " " }) else { return fallbackName }
        return String(String.UnicodeScalarView(visible))
    }

    /// Characters that change how a name looks without being seen, or that are not text at all:
    /// controls (Cc, NUL included but it is replaced before this is asked), format characters (Cf:
    /// the bidi embeddings, overrides and isolates U+202A–202E and U+2066–2069, the marks U+200E,
    /// U+200F and U+061C, zero-width U+200B–200D, U+2060, U+FEFF, the soft hyphen U+00AD, ...), and
    /// the line and paragraph separators. The bidi and zero-width ones are listed too, so the rule
    /// does not depend on the Unicode version the runtime's character database has.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return true
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// The stem and the extension (with its dot) of a cleaned name; the extension is empty when
    /// the name has none or when what follows the last dot is too long or holds spaces.
    static func split(_ name: String) -> (stem: String, pathExtension: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        let pathExtension = name[dot...]
        guard (2...maximumExtensionBytes + 1).contains(pathExtension.utf8.count), !pathExtension.contains(" ") else { return (name, "") }
        return (String(name[..<dot]), String(pathExtension))
    }

    /// `stem + suffix + extension`, the stem shortened (between characters) so that the whole is at
    /// most ``maximumBytes``.
    static func fitted(stem: String, suffix: String, pathExtension: String) -> String {
        let room = maximumBytes - suffix.utf8.count - pathExtension.utf8.count
        return prefix(of: stem, maximumBytes: room) + suffix + pathExtension
    }

    /// The longest prefix of `text` made of whole characters within `maximumBytes` UTF-8 bytes. A
    /// single character longer than that (a letter with hundreds of combining marks) is cut
    /// between its scalars rather than dropped whole, so the prefix is empty only when the room is.
    static func prefix(of text: String, maximumBytes: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let length = character.utf8.count
            if used + length > maximumBytes {
                if result.isEmpty {
                    for scalar in character.unicodeScalars {
                        let scalarLength = UTF8.width(scalar)
                        guard used + scalarLength <= maximumBytes else { break }
                        result.unicodeScalars.append(scalar)
                        used += scalarLength
                    }
                }
                break
            }
            result.append(character)
            used += length
        }
        return result
    }

    /// The form two names are compared in: case folded (Swift's `String` equality already treats
    /// canonically equivalent spellings, such as a precomposed and a decomposed é, as equal).
    static func foldedKey(_ name: String) -> String { name.lowercased() }
}
