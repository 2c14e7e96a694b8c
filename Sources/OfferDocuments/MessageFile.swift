/// One file of a message: an attachment, a named inline part, an entry of a zip attachment, a file
/// inside a TNEF winmail.dat, or a file uuencoded in a text part.
public struct MessageFile: Sendable {
    public enum Origin: String, Sendable, Hashable {
        case part
        case zipEntry = "zip_entry"
        case tnef
        case uuencoded
    }

    /// As the sender named it (for a zip entry, its path inside the archive). Never a file system path.
    public var filename: String?
    /// The IMAP section of the MIME part that carries the file (or the zip / winmail.dat that holds it).
    public var partPath: String
    /// The filename of the zip attachment the file was found in, if any.
    public var archive: String?
    public var origin: Origin
    /// Lowercased `type/subtype`: declared for parts, guessed from the name for archive entries.
    public var mediaType: String
    /// The declared charset of a text part, for decoding.
    public var charset: String?
    public var bytes: [UInt8]

    public init(filename: String?, partPath: String, archive: String?, origin: Origin, mediaType: String, charset: String? = nil, bytes: [UInt8]) {
        self.filename = filename
        self.partPath = partPath
        self.archive = archive
        self.origin = origin
        self.mediaType = mediaType
        self.charset = charset
        self.bytes = bytes
    }
}
