extension MediaType {
    /// A media type guessed from a file name's extension, for files that arrive without one
    /// (uuencoded blocks, entries of an archive). `application/octet-stream` when unknown.
    public static func guess(forFilename filename: String) -> MediaType {
        guard let dot = filename.lastIndex(of: ".") else { return MediaType(type: "application", subtype: "octet-stream") }
        let ext = filename[filename.index(after: dot)...].lowercased()
        let known: [String: (String, String)] = [
            "pdf": ("application", "pdf"),
            "doc": ("application", "msword"),
            "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "xls": ("application", "vnd.ms-excel"),
            "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "ppt": ("application", "vnd.ms-powerpoint"),
            "pptx": ("application", "vnd.openxmlformats-officedocument.presentationml.presentation"),
            "odt": ("application", "vnd.oasis.opendocument.text"),
            "ods": ("application", "vnd.oasis.opendocument.spreadsheet"),
            "rtf": ("application", "rtf"),
            "zip": ("application", "zip"),
            "txt": ("text", "plain"),
            "htm": ("text", "html"),
            "html": ("text", "html"),
            "csv": ("text", "csv"),
            "jpg": ("image", "jpeg"),
            "jpeg": ("image", "jpeg"),
            "png": ("image", "png"),
            "gif": ("image", "gif"),
            "tif": ("image", "tiff"),
            "tiff": ("image", "tiff"),
            "eml": ("message", "rfc822"),
        ]
        guard let (type, subtype) = known[ext] else { return MediaType(type: "application", subtype: "octet-stream") }
        return MediaType(type: type, subtype: subtype)
    }
}
