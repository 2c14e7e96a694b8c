/// One pass over the UTF-8 of an HTML document, producing its readable text.
///
/// A forgiving tokenizer in the spirit of HTML5's ([HTML § 13.2.5](https://html.spec.whatwg.org/multipage/parsing.html#tokenization)),
/// without a tree: only the elements in ``HTMLElement`` matter, nesting is not tracked (so unclosed
/// and misnested tags are harmless). Where the specification is followed:
/// - `<` not followed by a letter, `/` or `!` is text (`a < b`, `x<5`);
/// - comments end at `-->` (or `--!>`, or at once for `<!-->`); `<!...>` (doctype, Outlook's downlevel
///   `<![if !supportLists]>`), `<?...>` and `</...>` not starting with a letter are bogus comments up to `>`;
/// - in a tag, `>` inside a quoted attribute value does not end it;
/// - a comment, tag or hidden element left open at the end of the input swallows the rest, as browsers do.
///
/// Every scan moves `position` past what it read, or to the end, except the search for the end of
/// `<head>`, which is done at most once: the pass is linear in the input.
struct HTMLTextConverter {
    private let input: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var text: PlainTextBuilder
    private var preformattedDepth = 0
    private var listDepth = 0
    /// Whether the open `<p>` is Word's (`class=MsoNormal`, ...): Outlook writes one per line, with no margin.
    private var paragraphIsOffice = false
    /// Set when a `<head>` had no `</head>` or `<body>` after it: later ones are not searched again.
    private var headSearchFailed = false

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        text = PlainTextBuilder(capacity: input.count / 2)
    }

    mutating func convert() -> [UInt8] {
        while position < input.count {
            let byte = input[position]
            switch byte {
            case UInt8(ascii: "<"):
                markup()
            case UInt8(ascii: "&"):
                reference()
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0C:
                whiteSpace(byte)
                position &+= 1
            case 0:
                position &+= 1
            case 0xC2, 0xCD, 0xE2, 0xEF:
                specialCharacter()
            default:
                plainRun()
            }
        }
        return text.finish()
    }

    // MARK: Text

    /// Bytes that are text as they stand: everything but markup, references, white space, NUL and the
    /// lead bytes of the few characters handled in ``specialCharacter()``.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, UInt8(ascii: "<"), UInt8(ascii: "&"), 0xC2, 0xCD, 0xE2, 0xEF: false
        default: true
        }
    }

    private mutating func plainRun() {
        let start = position
        var end = start &+ 1
        while end < input.count, Self.isPlain(input[end]) { end &+= 1 }
        text.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end]))
        position = end
    }

    private mutating func whiteSpace(_ byte: UInt8) {
        guard preformattedDepth > 0 else {
            text.space()
            return
        }
        switch byte {
        case UInt8(ascii: "\n"):
            text.lineBreak()
        case UInt8(ascii: "\r"):
            // CRLF is one break; a bare CR is one too.
            if position &+ 1 >= input.count || input[position &+ 1] != UInt8(ascii: "\n") { text.lineBreak() }
        case 0x0C:
            text.space()
        default:
            text.appendPreserved(byte)
        }
    }

    /// No-break space reads as a space; invisible characters (soft hyphen, zero-width space and
    /// non-joiner, byte-order mark, combining grapheme joiner: the padding of marketing preheaders)
    /// are dropped. Other characters with these lead bytes are copied.
    private mutating func specialCharacter() {
        let remaining = input.count &- position
        let first = input[position]
        let second: UInt8 = remaining > 1 ? input[position &+ 1] : 0
        let third: UInt8 = remaining > 2 ? input[position &+ 2] : 0
        switch (first, second, third) {
        case (0xC2, 0xA0, _):
            noBreakSpace()
            position &+= 2
        case (0xC2, 0xAD, _), (0xCD, 0x8F, _):
            position &+= 2
        case (0xE2, 0x80, 0x8B), (0xE2, 0x80, 0x8C), (0xEF, 0xBB, 0xBF):
            position &+= 3
        default:
            text.append(first)
            position &+= 1
        }
    }

    private mutating func noBreakSpace() {
        if preformattedDepth > 0 {
            text.appendPreserved(UInt8(ascii: " "))
        } else {
            text.visibleSpace()
        }
    }

    private mutating func reference() {
        guard let match = HTMLCharacterReference.match(in: input, at: position) else {
            text.append(UInt8(ascii: "&"))
            position &+= 1
            return
        }
        position &+= match.length
        let decoded = match.utf8
        switch decoded.count {
        case 0:
            return
        case 1 where decoded[0] <= 0x20:
            whiteSpace(decoded[0])
        case 2 where decoded[0] == 0xC2 && (decoded[1] == 0xA0 || decoded[1] == 0xAD),
            2 where decoded[0] == 0xCD && decoded[1] == 0x8F,
            3 where decoded[0] == 0xE2 && decoded[1] == 0x80 && (decoded[2] == 0x8B || decoded[2] == 0x8C),
            3 where decoded[0] == 0xEF && decoded[1] == 0xBB && decoded[2] == 0xBF:
            // The same characters as in specialCharacter(): no-break space is a space, the rest invisible.
            if decoded[1] == 0xA0 { noBreakSpace() }
        default:
            text.append(contentsOf: decoded)
        }
    }

    // MARK: Markup

    private mutating func markup() {
        let next = position &+ 1
        guard next < input.count else {
            text.append(UInt8(ascii: "<"))
            position = next
            return
        }
        let byte = input[next]
        if Self.isLetter(byte) {
            tag(nameStart: next, isEndTag: false)
        } else if byte == UInt8(ascii: "/") {
            let after = next &+ 1
            if after >= input.count {
                text.append(UInt8(ascii: "<"))
                text.append(UInt8(ascii: "/"))
                position = after
            } else if Self.isLetter(input[after]) {
                tag(nameStart: after, isEndTag: true)
            } else if input[after] == UInt8(ascii: ">") {
                position = after &+ 1
            } else {
                skipBogusComment(from: after)
            }
        } else if byte == UInt8(ascii: "!") {
            markupDeclaration(from: next &+ 1)
        } else if byte == UInt8(ascii: "?") {
            skipBogusComment(from: next)
        } else {
            text.append(UInt8(ascii: "<"))
            position = next
        }
    }

    private mutating func tag(nameStart: Int, isEndTag: Bool) {
        var nameEnd = nameStart
        while nameEnd < input.count, !Self.endsTagName(input[nameEnd]) { nameEnd &+= 1 }
        guard let tagEnd = endOfTag(from: nameEnd) else {
            position = input.count
            return
        }
        position = tagEnd
        let length = nameEnd &- nameStart
        // Every name we act on is short; a 15-byte String is stored inline, without allocating.
        guard length <= 15 else { return }
        let name = String(unsafeUninitializedCapacity: length) { buffer in
            for offset in 0..<length {
                let byte = input[nameStart &+ offset]
                buffer[offset] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            }
            return length
        }
        guard let element = HTMLElement.named(name) else { return }
        if element == .paragraph, name == "p" {
            if !isEndTag { paragraphIsOffice = hasOfficeClass(from: nameEnd, to: tagEnd) }
            text.blockBreak(paragraphIsOffice ? 1 : 2)
            return
        }
        apply(element, name: name, isEndTag: isEndTag)
    }

    /// Just past the `>` ending a tag whose attributes start at `start`; nil when the input ends first.
    private func endOfTag(from start: Int) -> Int? {
        var index = start
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: ">") { return index &+ 1 }
            index &+= 1
            guard byte == UInt8(ascii: "=") else { continue }
            while index < input.count, Self.isWhiteSpace(input[index]) { index &+= 1 }
            guard index < input.count else { return nil }
            let quote = input[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { continue }
            index &+= 1
            while index < input.count, input[index] != quote { index &+= 1 }
            guard index < input.count else { return nil }
            index &+= 1
        }
        return nil
    }

    /// Whether the attributes in `start..<end` hold a `class` starting with `Mso` (any case, quoted or not).
    private func hasOfficeClass(from start: Int, to end: Int) -> Bool {
        let className = Array("class".utf8)
        var index = start
        while end &- index > className.count {
            defer { index &+= 1 }
            guard Self.isWhiteSpace(input[index]) else { continue }
            var cursor = index &+ 1
            guard className.allSatisfy({ letter in
                defer { cursor &+= 1 }
                return input[cursor] | 0x20 == letter
            }) else { continue }
            while cursor < end, Self.isWhiteSpace(input[cursor]) { cursor &+= 1 }
            guard cursor < end, input[cursor] == UInt8(ascii: "=") else { continue }
            cursor &+= 1
            while cursor < end, Self.isWhiteSpace(input[cursor]) || input[cursor] == UInt8(ascii: "\"")
                || input[cursor] == UInt8(ascii: "'")
            {
                cursor &+= 1
            }
            guard end &- cursor >= 3 else { return false }
            return input[cursor] | 0x20 == UInt8(ascii: "m") && input[cursor &+ 1] | 0x20 == UInt8(ascii: "s")
                && input[cursor &+ 2] | 0x20 == UInt8(ascii: "o")
        }
        return false
    }

    private mutating func apply(_ element: HTMLElement, name: String, isEndTag: Bool) {
        switch element {
        case .paragraph:
            text.blockBreak(2)
        case .block:
            text.blockBreak(1)
        case .list:
            if isEndTag { listDepth = max(0, listDepth &- 1) }
            text.blockBreak(listDepth > 0 ? 1 : 2)
            if !isEndTag { listDepth &+= 1 }
        case .listItem:
            text.blockBreak(1)
            if !isEndTag {
                text.append(UInt8(ascii: "-"))
                text.append(UInt8(ascii: " "))
            }
        case .lineBreak:
            text.lineBreak()
        case .cell:
            text.space()
        case .preformatted:
            text.blockBreak(2)
            preformattedDepth = isEndTag ? max(0, preformattedDepth &- 1) : preformattedDepth &+ 1
        case .head:
            if !isEndTag { skipHead() }
        case .hidden:
            if !isEndTag { skipHiddenContent(of: name) }
        }
    }

    /// `<!`: a comment, or a bogus comment (doctype, downlevel conditional comments, CDATA).
    private mutating func markupDeclaration(from start: Int) {
        guard input.count &- start >= 2, input[start] == UInt8(ascii: "-"), input[start &+ 1] == UInt8(ascii: "-") else {
            skipBogusComment(from: start)
            return
        }
        let body = start &+ 2
        // `<!-->` and `<!--->` are whole (empty) comments.
        if body < input.count, input[body] == UInt8(ascii: ">") {
            position = body &+ 1
            return
        }
        if input.count &- body >= 2, input[body] == UInt8(ascii: "-"), input[body &+ 1] == UInt8(ascii: ">") {
            position = body &+ 2
            return
        }
        var index = body
        while input.count &- index >= 3 {
            if input[index] == UInt8(ascii: "-"), input[index &+ 1] == UInt8(ascii: "-") {
                if input[index &+ 2] == UInt8(ascii: ">") {
                    position = index &+ 3
                    return
                }
                if input[index &+ 2] == UInt8(ascii: "!"), input.count &- index >= 4, input[index &+ 3] == UInt8(ascii: ">") {
                    position = index &+ 4
                    return
                }
            }
            index &+= 1
        }
        position = input.count
    }

    private mutating func skipBogusComment(from start: Int) {
        var index = start
        while index < input.count, input[index] != UInt8(ascii: ">") { index &+= 1 }
        position = min(index &+ 1, input.count)
    }

    /// Moves to the `</name` that closes a hidden element, or to the end.
    private mutating func skipHiddenContent(of name: String) {
        let name = Array(name.utf8)
        var index = position
        while index < input.count {
            if input[index] == UInt8(ascii: "<"), isTag(at: index, named: name, isEndTag: true) {
                position = index
                return
            }
            index &+= 1
        }
        position = input.count
    }

    /// Moves to the `</head>` or `<body>` after a `<head>`; when neither follows, the head's content is
    /// read as text (so a stray `<head>` cannot hide a whole message) and later `<head>`s are ignored.
    private mutating func skipHead() {
        guard !headSearchFailed else { return }
        let head = Array("head".utf8)
        let body = Array("body".utf8)
        var index = position
        while index < input.count {
            if input[index] == UInt8(ascii: "<"),
                isTag(at: index, named: head, isEndTag: true) || isTag(at: index, named: body, isEndTag: false)
            {
                position = index
                return
            }
            index &+= 1
        }
        headSearchFailed = true
    }

    /// Whether `<name` (or `</name`) followed by the end of the name starts at `index`; `name` is lowercase.
    private func isTag(at index: Int, named name: [UInt8], isEndTag: Bool) -> Bool {
        var cursor = index &+ 1
        if isEndTag {
            guard cursor < input.count, input[cursor] == UInt8(ascii: "/") else { return false }
            cursor &+= 1
        }
        guard input.count &- cursor >= name.count else { return false }
        for letter in name {
            guard input[cursor] | 0x20 == letter else { return false }
            cursor &+= 1
        }
        return cursor == input.count || Self.endsTagName(input[cursor])
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    @inline(__always)
    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r") || byte == 0x0C
    }

    @inline(__always)
    private static func endsTagName(_ byte: UInt8) -> Bool {
        isWhiteSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }
}
