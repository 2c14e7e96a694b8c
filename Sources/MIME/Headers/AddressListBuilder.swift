/// The state machine of ``AddressParser``: consumes ``AddressToken``s one by one and emits mailboxes.
///
/// One mailbox is gathered at a time: the words before `<` (the phrase, or a bare addr-spec when
/// there is no `<`), the words between `<` and `>`, and whatever follows (ignored). `,` ends a
/// mailbox, `:` after a phrase opens a group, `;` closes it (RFC 5322 section 3.4).
struct AddressListBuilder {
    private enum Stage {
        /// Before any `<`: display name words, or a bare addr-spec.
        case phrase
        /// Between `<` and `>`.
        case angle
        /// After `>`: only comments belong here; anything else is junk.
        case afterAngle
        /// Inside a second `<...>` of the same mailbox (`Name <a@x> <b@y>`), which is dropped.
        case ignoredAngle
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let decoder: CharsetDecoder

    private(set) var mailboxes: [MailAddress] = []
    /// Something was repaired: the caller records ``Defect/invalidAddress`` once.
    var repaired = false
    /// Defects met while decoding names (encoded words, raw 8-bit bytes).
    private(set) var decodingDefects = DefectSet()

    private var stage = Stage.phrase
    private var phrase: [AddressToken] = []
    /// Counted as tokens arrive, so that a `:` costs O(1) however long the phrase.
    private var phraseWordCount = 0
    private var phraseHasAt = false
    private var angle: [AddressToken] = []
    private var hasAngle = false
    /// Inside an obsolete route `<@a,@b:` (RFC 5322 section 4.4), which is skipped.
    private var inRoute = false
    private var groupIsOpen = false
    private var group: String?

    init(bytes: UnsafeBufferPointer<UInt8>, decoder: CharsetDecoder) {
        self.bytes = bytes
        self.decoder = decoder
    }

    mutating func consume(_ token: AddressToken) {
        switch stage {
        case .angle: consumeInAngle(token)
        case .ignoredAngle: consumeInIgnoredAngle(token)
        case .phrase, .afterAngle: consumeOutsideAngle(token)
        }
    }

    /// Ends the last mailbox and any group left open.
    mutating func finish() {
        if stage == .angle || stage == .ignoredAngle { repaired = true }
        endMailbox()
        if groupIsOpen {
            repaired = true
            closeGroup()
        }
    }

    // MARK: - Stages

    private mutating func consumeOutsideAngle(_ token: AddressToken) {
        switch token.kind {
        case .comma:
            endMailbox()
        case .semicolon:
            endMailbox()
            closeGroup()
        case .colon:
            if stage == .phrase, phraseWordCount == 0 {
                repaired = true
            } else if stage == .phrase, !phraseHasAt {
                openGroup()
            } else {
                repaired = true
            }
        case .openAngle:
            if stage == .phrase {
                stage = .angle
                hasAngle = true
            } else {
                repaired = true
                stage = .ignoredAngle
            }
        case .closeAngle:
            repaired = true
        case .comment:
            if stage == .phrase { phrase.append(token) }
        case .atom, .quotedString, .domainLiteral, .at:
            guard stage == .phrase else {
                repaired = true
                return
            }
            phrase.append(token)
            phraseWordCount += 1
            if token.kind == .at { phraseHasAt = true }
        }
    }

    private mutating func consumeInAngle(_ token: AddressToken) {
        switch token.kind {
        case .closeAngle:
            stage = .afterAngle
        case .comment:
            break
        case .comma:
            // A comma inside `<...>` separates route domains; anywhere else the `>` is missing.
            if inRoute { return }
            repaired = true
            endMailbox()
        case .semicolon:
            repaired = true
            endMailbox()
            closeGroup()
        case .openAngle:
            repaired = true
            if !angle.isEmpty { stage = .ignoredAngle }
        case .at where angle.isEmpty && !inRoute:
            inRoute = true
        case .colon where inRoute:
            inRoute = false
        default:
            if !inRoute { angle.append(token) }
        }
    }

    private mutating func consumeInIgnoredAngle(_ token: AddressToken) {
        switch token.kind {
        case .closeAngle:
            stage = .afterAngle
        case .comma:
            endMailbox()
        case .semicolon:
            endMailbox()
            closeGroup()
        default:
            break
        }
    }

    // MARK: - Groups

    private mutating func openGroup() {
        if groupIsOpen { repaired = true }
        group = displayName(phrase[...])
        groupIsOpen = true
        resetMailbox()
    }

    private mutating func closeGroup() {
        if groupIsOpen {
            groupIsOpen = false
            group = nil
        } else {
            // `a@x; b@y`: a semicolon used as a list separator.
            repaired = true
        }
    }

    // MARK: - Mailboxes

    private mutating func resetMailbox() {
        stage = .phrase
        phrase.removeAll(keepingCapacity: true)
        phraseWordCount = 0
        phraseHasAt = false
        angle.removeAll(keepingCapacity: true)
        hasAngle = false
        inRoute = false
    }

    private mutating func endMailbox() {
        defer { resetMailbox() }
        if hasAngle {
            // `@` in a phrase is not RFC 5322, though `awa@example.org <awa@example.org>` is common.
            if inRoute || phraseHasAt { repaired = true }
            let name = displayName(phrase[...])
            let address = addressString(angle[...])
            if address == nil || !angle.contains(where: { $0.kind == .at }) { repaired = true }
            if name != nil || address != nil {
                mailboxes.append(MailAddress(name: name, address: address, group: group))
            }
        } else if phraseWordCount > 0 {
            emitBareMailboxes()
        }
    }

    /// A mailbox without angle brackets: `addr-spec`, `addr-spec (Name)`, or the broken
    /// `Name addr-spec`, `"Name" addr-spec`, `a@x b@y` and `Name` alone.
    private mutating func emitBareMailboxes() {
        var words: [AddressToken] = []
        words.reserveCapacity(phrase.count)
        var comments: [(token: AddressToken, wordsBefore: Int)] = []
        for token in phrase {
            if token.kind == .comment {
                comments.append((token, words.count))
            } else {
                words.append(token)
            }
        }
        var spans: [(nameStart: Int, localStart: Int, domainEnd: Int)] = []
        var index = 0
        while index < words.count {
            guard words[index].kind == .at else {
                index += 1
                continue
            }
            let at = index
            let segmentStart = spans.last.map { $0.domainEnd + 1 } ?? 0
            var localStart = at
            while localStart > segmentStart, isLocalWord(words[localStart - 1]),
                  localStart == at || areJoined(words[localStart - 1], words[localStart]) {
                localStart -= 1
            }
            var domainEnd = at
            while domainEnd + 1 < words.count, isDomainWord(words[domainEnd + 1]),
                  domainEnd == at || areJoined(words[domainEnd], words[domainEnd + 1]) {
                domainEnd += 1
            }
            if localStart == at || domainEnd == at { repaired = true }
            spans.append((segmentStart, localStart, domainEnd))
            index = domainEnd + 1
        }

        guard let lastSpan = spans.last else {
            // No `@` at all: a name without an address (mail-parser's reading of `To: Whomever`).
            guard !words.isEmpty else { return }
            repaired = true
            if let name = displayName(words[...]) {
                mailboxes.append(MailAddress(name: name, address: nil, group: group))
            }
            return
        }
        if spans.count > 1 || lastSpan.domainEnd + 1 < words.count { repaired = true }
        for span in spans where span.localStart != span.domainEnd {  // a lone `@` is no mailbox
            var name = displayName(words[span.nameStart..<span.localStart])
            if name != nil {
                repaired = true  // a name before an addr-spec needs angle brackets
            } else if spans.count == 1 {
                // RFC 5322 section 3.4 note: the legacy `addr-spec (Full Name)`.
                let outside = comments.first { $0.wordsBefore <= span.localStart || $0.wordsBefore > span.domainEnd }
                if let outside { name = commentName(outside.token) }
            }
            let address = addressString(words[span.localStart...span.domainEnd])
            mailboxes.append(MailAddress(name: name, address: address, group: group))
        }
    }

    private func isLocalWord(_ token: AddressToken) -> Bool {
        token.kind == .atom || token.kind == .quotedString
    }

    private func isDomainWord(_ token: AddressToken) -> Bool {
        token.kind == .atom || token.kind == .domainLiteral
    }

    /// Two words belong to the same dot-atom: nothing between them, or a dot on either side of
    /// the white space (obsolete `jdoe@test  . example`, RFC 5322 section 4.4).
    private func areJoined(_ left: AddressToken, _ right: AddressToken) -> Bool {
        if !right.spaceBefore { return true }
        if left.kind == .atom, left.end > left.start, bytes[left.end - 1] == UInt8(ascii: ".") { return true }
        if right.kind == .atom, right.end > right.start, bytes[right.start] == UInt8(ascii: ".") { return true }
        return false
    }

    // MARK: - Text

    /// `local@domain` with white space and comments removed and the local part unquoted; nil when empty.
    private func addressString(_ tokens: ArraySlice<AddressToken>) -> String? {
        var text: [UInt8] = []
        for token in tokens { appendContent(of: token, to: &text) }
        guard !text.isEmpty else { return nil }
        return AddressText.string(fromAddressBytes: text, decoder: decoder)
    }

    /// The decoded display name of phrase words (comments skipped), nil when empty.
    private mutating func displayName(_ words: ArraySlice<AddressToken>) -> String? {
        guard !words.isEmpty else { return nil }
        var text: [UInt8] = []
        for token in words where token.kind != .comment {
            if token.spaceBefore, !text.isEmpty { text.append(0x20) }
            appendContent(of: token, to: &text)
        }
        return decodedName(text)
    }

    private mutating func commentName(_ comment: AddressToken) -> String? {
        var text: [UInt8] = []
        appendContent(of: comment, to: &text)
        return decodedName(text)
    }

    private mutating func decodedName(_ text: [UInt8]) -> String? {
        guard !text.isEmpty else { return nil }
        let decoded = EncodedWords.decodeUnstructured(text, using: decoder, defects: &decodingDefects)
        return AddressText.normalizedDisplayName(decoded)
    }

    /// Appends a token's bytes, with quoted-pairs of quoted strings and comments unescaped.
    private func appendContent(of token: AddressToken, to text: inout [UInt8]) {
        guard token.start < token.end else { return }
        let content = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        guard token.hasQuotedPairs else {
            text.append(contentsOf: content)
            return
        }
        var escaped = false
        for byte in content {
            if !escaped, byte == UInt8(ascii: "\\") {
                escaped = true
                continue
            }
            escaped = false
            text.append(byte)
        }
    }
}
