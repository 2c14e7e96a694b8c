// STUB: to be replaced by the HTML-to-text work.

/// Readable plain text from an HTML body, for when a message has no text/plain part.
public enum HTMLText {
    public static func plainText(fromHTML html: String) -> String {
        html
    }
}
