import OfferCore
import OfferDocuments
import OfferStore

extension IntakePipeline {
    /// Files a reply lists at most; the rest are counted ("and 12 more"), so that a message of
    /// thousands of files cannot make a reply of megabytes.
    static let maxListedDocuments = 50

    /// What the reply says: the offer's current documents (each file once, by its identity in the
    /// register, with the SHA-256 of the bytes the register holds), its counted mails, what is missing.
    func replyContent(
        _ tx: IngestTransaction, offer: OfferRecord, files: [ReplyContent.Document], missing: [DocumentKind],
        received: Int64, documents: MessageDocuments?
    ) throws -> ReplyContent {
        let offset = configuration.call.localOffsetMinutes
        let zone = configuration.call.localZoneName
        let mails = try tx.messages(offerID: offer.id ?? 0).filter(\.counted)
        let notEnglish = (documents?.documents ?? []).contains { doc in
            guard let language = doc.language?.language else { return false }
            return language != .english && language != .other
        }
        return ReplyContent(
            applicantName: offer.applicantName ?? offer.applicantAddress,
            offerID: offer.publicID,
            callTitle: configuration.call.title,
            receivedUTC: ReplyContent.utc(received),
            receivedLocal: ReplyContent.local(received, offsetMinutes: offset, zone: zone),
            deadlineUTC: ReplyContent.utc(configuration.call.deadline),
            deadlineLocal: ReplyContent.local(configuration.call.deadline, offsetMinutes: offset, zone: zone),
            timeLeft: ReplyContent.duration(rules.secondsLeft(at: received)),
            documents: Array(files.prefix(Self.maxListedDocuments)),
            documentsOmitted: max(0, files.count - Self.maxListedDocuments),
            mails: mails.map { ReplyContent.Mail(sha256: $0.sha256, receivedUTC: ReplyContent.utc($0.internalDate),
                                                  receivedLocal: ReplyContent.local($0.internalDate, offsetMinutes: offset, zone: zone)) },
            missing: missing.map(ReplyContent.label),
            hostedLinks: documents?.hostedLinks ?? [],
            notInEnglish: notEnglish)
    }

    /// The current documents as a receipt lists them: one line per file (a file that holds a letter
    /// and a CV is one file with two kinds), in the order they came, `other` files left out.
    static func receiptFiles(_ records: [DocumentRecord], current: [DocumentKind: [Int64]]) -> [ReplyContent.Document] {
        let currentIDs = Set(current.values.joined())
        struct FileKey: Hashable { var message: Int64, part: String, sha256: String, filename: String? }
        var order: [FileKey] = []
        var kinds: [FileKey: [DocumentKind]] = [:]
        var sizes: [FileKey: Int64] = [:]
        for record in records {
            guard let id = record.id, currentIDs.contains(id), record.kind != .other else { continue }
            let kind = record.kind
            let key = FileKey(message: record.messageId, part: record.partPath, sha256: record.sha256, filename: record.filename)
            if kinds[key] == nil { order.append(key) }
            kinds[key, default: []].append(kind)
            sizes[key] = record.size
        }
        return order.map { key in
            ReplyContent.Document(kind: (kinds[key] ?? []).map(ReplyContent.label).joined(separator: ", "),
                                  filename: key.filename ?? "(unnamed)", size: ReplyContent.size(sizes[key] ?? 0), sha256: key.sha256)
        }
    }
}
