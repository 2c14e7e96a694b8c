/// Writes a plain-text RFC 5322 message (UTF-8, quoted-printable, CRLF) such as offerbox's replies.
///
/// Every header value goes through ``HeaderEncoder``, so no text given here, however hostile, can
/// add a header or break the message's structure. Nothing is read from a clock: the date and
/// the Message-ID are given.
public struct MessageBuilder: Sendable {
    public struct Mailbox: Sendable, Hashable {
        public var name: String?
        public var address: String
        public init(name: String?, address: String) {
            self.name = name
            self.address = address
        }
    }

    public var from: Mailbox
    public var to: [Mailbox]
    public var cc: [Mailbox] = []
    public var subject: String
    /// Seconds since 1970 and the zone offset to write the Date in.
    public var date: MessageDate
    /// Without angle brackets.
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String] = []
    /// Further fields in order, e.g. `("Auto-Submitted", "auto-replied")`; values are encoded as unstructured text.
    public var extraFields: [(name: String, value: String)] = []
    public var text: String

    public init(from: Mailbox, to: [Mailbox], subject: String, date: MessageDate, messageID: String, text: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
    }

    /// The message's bytes, CRLF line ends throughout.
    public func build() -> [UInt8] {
        var header = ""
        func field(_ name: String, _ value: String) { header += "\(name): \(value)\r\n" }
        // Threading fields whose every id was too long to write are left out (HeaderEncoder.messageIDs).
        func idField(_ name: String, _ ids: [String]) {
            let value = HeaderEncoder.messageIDs(ids, fieldName: name)
            if !value.isEmpty { field(name, value) }
        }
        field("From", HeaderEncoder.mailboxList([(from.name, from.address)], fieldName: "From"))
        field("To", HeaderEncoder.mailboxList(to.map { ($0.name, $0.address) }, fieldName: "To"))
        if !cc.isEmpty {
            field("Cc", HeaderEncoder.mailboxList(cc.map { ($0.name, $0.address) }, fieldName: "Cc"))
        }
        field("Subject", HeaderEncoder.unstructured(subject, fieldName: "Subject"))
        field("Date", date.rfc5322)
        idField("Message-ID", [messageID])
        if let inReplyTo { idField("In-Reply-To", [inReplyTo]) }
        idField("References", references)
        for extra in extraFields where Self.isFieldName(extra.name) {
            field(extra.name, HeaderEncoder.unstructured(extra.value, fieldName: extra.name))
        }
        field("MIME-Version", "1.0")
        field("Content-Type", "text/plain; charset=UTF-8")
        field("Content-Transfer-Encoding", "quoted-printable")
        var bytes = Array(header.utf8)
        bytes += [0x0D, 0x0A]
        bytes += QuotedPrintableEncoder.encode(text)
        if bytes.last != 0x0A { bytes += [0x0D, 0x0A] }
        return bytes
    }

    /// RFC 5322 3.6.8: printable ASCII except colon; anything else is not written.
    static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != 0x3A }
    }
}

extension MessageDate {
    /// RFC 5322 section 3.3: `Mon, 20 Jun 2022 12:15:00 +0200`, in the date's own offset.
    public var rfc5322: String {
        let local = secondsSince1970 + Int64(utcOffsetMinutes) * 60
        var days = local / 86_400
        var secondsOfDay = local % 86_400
        if secondsOfDay < 0 {
            secondsOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = CivilCalendar.civilFromDays(days)
        // 1970-01-01 was a Thursday.
        let weekday = Int(((days % 7) + 7 + 4) % 7)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let offset = abs(utcOffsetMinutes)
        let sign = utcOffsetMinutes < 0 ? "-" : "+"
        let zone = sign + two(Int64(offset / 60)) + two(Int64(offset % 60))
        return "\(weekdays[weekday]), \(day) \(months[Int(month) - 1]) \(year) \(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60)):\(two(secondsOfDay % 60)) \(zone)"
    }
}
