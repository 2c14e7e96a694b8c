import MIME
import OfferCore

extension MessageFacts {
    /// Reads what the reply policy needs from a parsed message's top-level headers.
    init(_ message: Message) {
        self.init()
        let headers = message.headers
        fromAddress = message.envelope.from.first?.address?.lowercased()
        replyToAddress = message.envelope.replyTo.first?.address?.lowercased()
        if let returnPath = headers.first("Return-Path") {
            var text = returnPath.valueText.trimmingCharacters(in: " \t")
            if text.hasPrefix("<"), text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
            self.returnPath = text.lowercased()
        }
        autoSubmitted = message.envelope.autoSubmitted
        precedence = headers.first("Precedence").map { $0.valueText.trimmingCharacters(in: " \t").lowercased() }
        hasListID = headers.first("List-Id") != nil
        hasListUnsubscribe = headers.first("List-Unsubscribe") != nil
        autoResponseSuppress = headers.first("X-Auto-Response-Suppress").map { $0.valueText.trimmingCharacters(in: " \t") }
        isReport = message.root.contentType.mimeType == "multipart/report"
        spamFlagged = headers.first("X-Spam-Flag").map { $0.valueText.trimmingCharacters(in: " \t").uppercased() == "YES" } ?? false
        // The topmost Authentication-Results is the one our receiving server added; lower ones came with the mail.
        if let results = headers.first("Authentication-Results") {
            let text = results.valueText.lowercased()
            dmarc = Self.result(of: "dmarc", in: text)
            spf = Self.result(of: "spf", in: text)
        }
        looksLikeWithdrawal = Self.asksToWithdraw(subject: message.envelope.subject ?? "", text: message.text ?? "")
    }

    /// `dmarc=fail` → `fail` (RFC 8601 `method=result`).
    static func result(of method: String, in text: String) -> String? {
        var rest = Substring(text)
        while let range = rest.firstRange(of: method + "=") {
            let before = range.lowerBound == rest.startIndex ? " " : rest[rest.index(before: range.lowerBound)]
            let value = rest[range.upperBound...].prefix { $0.isLetter }
            if before == " " || before == ";" || before == "\t" || before == "\n" { return String(value) }
            rest = rest[range.upperBound...]
        }
        return nil
    }

    /// A withdrawal in English, French or Portuguese, in the subject or the first lines of the body.
    static func asksToWithdraw(subject: String, text: String) -> Bool {
        let words = ["withdraw", "withdrawal", "retrait de", "retirer notre", "retirer mon", "retirer ma", "je retire",
                     "nous retirons", "désist", "desist", "retirar a", "retirar o", "retirada da", "desistência"]
        let head = (subject + "\n" + String(text.prefix(600))).lowercased()
        return words.contains { head.contains($0) }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        guard let first = firstIndex(where: { !characters.contains($0) }) else { return "" }
        let last = lastIndex(where: { !characters.contains($0) }) ?? first
        return String(self[first...last])
    }
}
