/// What an element means for the plain text of a mail body.
///
/// Paragraph-like blocks leave a blank line around them, other blocks start a new line (Gmail wraps
/// each line in a `<div>`, Outlook each in a `<p class=MsoNormal>`); everything not listed is inline and
/// only its text counts (`<span>`, `<a>`, `<font>`, Outlook's `<o:p>`, ...).
enum HTMLElement: Sendable {
    /// Blank line before and after: `p`, `h1`...`h6`, `blockquote`, `table`, `hr`, ...
    case paragraph
    /// New line before and after: `div`, `tr`, `section`, ...
    case block
    /// A list (`ul`, `ol`, `dl`): a paragraph at the outer level, a block when nested.
    case list
    /// A new line and a `- ` bullet.
    case listItem
    /// `<br>`: one line break each.
    case lineBreak
    /// `td`, `th`: a space between cells.
    case cell
    /// `<pre>`: white space kept.
    case preformatted
    /// `<head>`: dropped up to `</head>` or `<body>`.
    case head
    /// Content never shown: `script`, `style`, `title`, `template`, Office's `xml` islands.
    case hidden

    /// The meaning of a lowercased tag name; nil for inline and unknown elements.
    static func named(_ name: String) -> HTMLElement? {
        elements[name]
    }

    private static let elements: [String: HTMLElement] = {
        var table: [String: HTMLElement] = [:]
        for name in ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr", "figure", "address", "fieldset"] {
            table[name] = .paragraph
        }
        for name in [
            "div", "tr", "dt", "dd", "section", "article", "header", "footer", "nav", "aside", "main", "center",
            "caption", "figcaption", "details", "summary", "legend", "form", "html", "body", "option",
        ] {
            table[name] = .block
        }
        for name in ["ul", "ol", "dl", "menu", "dir"] { table[name] = .list }
        table["li"] = .listItem
        table["br"] = .lineBreak
        table["td"] = .cell
        table["th"] = .cell
        table["pre"] = .preformatted
        table["listing"] = .preformatted
        table["head"] = .head
        for name in ["script", "style", "title", "template", "xml", "noembed", "noframes"] { table[name] = .hidden }
        return table
    }()
}
