import OfferCore
public import OfferStore

/// The opening record: the register as it stood at the deadline, written once, so that the
/// committee opens the offers against a fixed text and anything that changes the register after
/// it (a late message, a correction) can be shown against it.
extension Register {
    /// Writes the opening record for the deadline in force, when it is due: the deadline has passed
    /// and every mailbox was read through from a time at or after it (`readThrough`: when each
    /// mailbox's last successful pass began), so an offer received in time but fetched after the
    /// deadline is in it. Returns the new record; nil when not due or already written.
    public func openIfDue(now: Int64, readThrough: [Int64?]) throws -> OpeningRecord? {
        guard Self.openingIsDue(deadline: rules.deadline, now: now, readThrough: readThrough),
              try !database.isOpened(deadline: rules.deadline) else { return nil }
        return try database.openRegister(deadline: rules.deadline, at: now) { snapshot in
            Self.openingContent(snapshot, register: self, deadline: rules.deadline, openedAt: now)
        }
    }

    /// How long after the deadline a pass must have begun: the daemon's clock and the mail
    /// server's (which dates the messages) may differ by this much.
    static let clockMargin: Int64 = 60

    /// Pure: the deadline passed and every mailbox (at least one) was read through from a time at
    /// least `clockMargin` after it.
    static func openingIsDue(deadline: Int64, now: Int64, readThrough: [Int64?]) -> Bool {
        now >= deadline && !readThrough.isEmpty && readThrough.allSatisfy { ($0 ?? .min) >= deadline + clockMargin }
    }

    /// The record's JSON: the call, the deadline, then every offer with its counted messages and
    /// current documents, each with its SHA-256; keys in a fixed order, so the same register
    /// always gives the same bytes.
    static func openingContent(_ snapshot: OfferDatabase.OpeningSnapshot, register: Register, deadline: Int64,
                               openedAt: Int64) -> OfferDatabase.OpeningContent {
        var json = JSONWriter(reserving: 64 * 1024)
        var documentCount = 0
        json.beginObject()
        json.key("call"); json.string(register.callReference)
        json.key("deadline"); json.string(TimeText.rfc3339(deadline))
        json.key("opened_at"); json.string(TimeText.rfc3339(openedAt))
        json.key("offers"); json.beginArray()
        for offer in snapshot.offers {
            let id = offer.id ?? 0
            let messages = snapshot.contents.messages[id] ?? []
            let entry = register.entry(offer, counted: snapshot.contents.counted[id] ?? [], messages: messages,
                                       replies: snapshot.contents.replies[id] ?? [])
            json.beginObject()
            RegisterFormats.identity(entry, to: &json)
            json.key("first_received_at"); json.string(TimeText.rfc3339(entry.firstReceivedAt))
            json.key("received_at"); json.string(TimeText.rfc3339(entry.receivedAt))
            json.key("missing"); json.beginArray()
            for kind in entry.missing { json.string(kind.rawValue) }
            json.endArray()
            json.key("messages"); json.beginArray()
            for message in messages where message.counted {
                json.beginObject()
                json.key("message_id"); json.string(message.messageID)
                json.key("sha256"); json.string(message.sha256)
                json.key("received_at"); json.string(TimeText.rfc3339(message.internalDate))
                json.endObject()
            }
            json.endArray()
            json.key("documents"); json.beginArray()
            for kind in RegisterEntry.listedKinds + [.other] {
                for document in entry.documents[kind] ?? [] {
                    json.beginObject()
                    json.key("kind"); json.string(kind.rawValue)
                    json.key("filename"); json.string(document.filename)
                    json.key("sha256"); json.string(document.sha256)
                    json.key("size"); json.int(Int(document.size))
                    json.endObject()
                    documentCount += 1
                }
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.newline()
        return OfferDatabase.OpeningContent(record: json.bytes, sha256: Digests.sha256Hex(json.bytes), offers: snapshot.offers.count,
                                            documents: documentCount)
    }
}
