import Dispatch
public import MIME
import OfferCore

/// The documents of one message: its files (zips and TNEF unpacked, attached messages included),
/// the text of each, what each is (with confidence and reasons), its language, the figures of a
/// financial offer, the letter of intent written in the body, and links to hosted files.
public struct DocumentAnalyzer: Sendable {
    public let configuration: DocumentAnalyzerConfiguration
    /// Texts read by this analyzer, by content: nil when `textCacheBytes` is 0.
    public let textCache: ExtractedTextCache?

    public init(_ configuration: DocumentAnalyzerConfiguration = DocumentAnalyzerConfiguration()) {
        self.configuration = configuration
        self.textCache = configuration.textCacheBytes > 0 ? ExtractedTextCache(maxBytes: configuration.textCacheBytes) : nil
    }

    /// `decodedBodies`: leaf bodies the caller has already decoded, by part path, so they are not decoded twice.
    public func analyze(_ message: Message, decodedBodies: [String: [UInt8]] = [:]) -> MessageDocuments {
        var defects = DefectSet()
        // One budget for the whole message, shared by the workers below.
        let budget = MessageBudget(configuration.messageLimits)
        let collector = MessageFileCollector(limits: configuration.archiveLimits, maxFiles: configuration.messageLimits.maxFiles,
                                             budget: budget, decodedBodies: decodedBodies)
        let files = collector.files(of: message, defects: &defects)
        let detector = LanguageDetector()
        var documents = judge(files, budget: budget, detector: detector, defects: &defects)

        // The letter of intent in the body (of the message, or of a forwarded one), unless a file is
        // one: only then are the bodies read for a letter, which spares that work for most offers.
        let bodies = Self.bodies(of: message)
        var bodyLetter = false
        if !documents.contains(where: { $0.kinds.contains(.letterOfIntent) }),
           let letter = Self.letterDocument(in: bodies, decodedBodies: decodedBodies, detector: detector) {
            documents.append(letter)
            bodyLetter = true
        }

        let bodyText = bodies.map(\.text).joined(separator: "\n")
        Self.resolveFromContext(&documents, body: bodyText, subject: message.envelope.subject, bodyLetter: bodyLetter)
        return MessageDocuments(documents: documents, hostedLinks: Self.hostedLinks(in: message, bodyText: bodyText), defects: defects,
                                bodyLanguage: message.text.flatMap { detector.detect($0) })
    }

    /// Every file hashed, read and judged; the defects met reading them go to `defects`, in file order.
    private func judge(_ files: [MessageFile], budget: MessageBudget, detector: LanguageDetector,
                       defects: inout DefectSet) -> [AnalyzedDocument] {
        let textReader = TextExtractor(limits: configuration.extractionLimits, pdfExtractor: configuration.pdfExtractor,
                                       pdfWorker: configuration.pdfWorker)
        let classifier = DocumentClassifier()
        // Files are independent: hash, read and judge them on every core (a PDF waits on its child process).
        let digests = Self.concurrentMap(files) { ContentDigest.sha256Hex($0.bytes) }
        let plan = ReadingPlan(keys: files.indices.map { ReadingPlan.Key(sha256: digests[$0], format: textReader.format(of: files[$0])) })
        let configuration = configuration, cache = textCache
        let texts = Self.concurrentMap(plan.firstFiles) { index in
            guard configuration.readsText else { return ExtractedText(text: nil, note: "text not read") }
            if let cached = cache?.text(for: plan.keys[index]) { return cached }
            let text = textReader.text(of: files[index].bytes, as: plan.keys[index].format, budget: budget)
            cache?.store(text, for: plan.keys[index])
            return text
        }
        let results = Self.concurrentMap(Array(files.indices)) { index in
            // Files with the same content share one buffer: a message of many copies of one
            // inflated file holds it once while it waits to be stored.
            var file = files[index]
            file.bytes = files[plan.firstFiles[plan.reading[index]]].bytes
            return Self.judge(file, extracted: texts[plan.reading[index]], sha256: digests[index], classifier: classifier,
                              detector: detector, configuration: configuration)
        }
        var documents: [AnalyzedDocument] = []
        for (document, defect) in results {
            documents.append(document)
            if let defect { defects.insert(defect) }
        }
        return documents
    }

    /// The first body that reads as a letter of intent, as a document.
    private static func letterDocument(in bodies: [Body], decodedBodies: [String: [UInt8]],
                                       detector: LanguageDetector) -> AnalyzedDocument? {
        guard let (index, decision) = firstLetter(in: bodies.map(\.text)) else { return nil }
        let body = bodies[index]
        var partDefects = DefectSet()
        let bytes = decodedBodies[body.part.path] ?? body.part.decodedBody(defects: &partDefects)
        return AnalyzedDocument(
            decisions: [decision], filename: nil, partPath: body.part.path, archive: nil, origin: nil, isBodyLetter: true,
            mediaType: body.part.contentType.mimeType, language: detector.detect(body.text), hasText: true,
            textNote: nil, financial: nil, bytes: bytes, sha256: ContentDigest.sha256Hex(bytes))
    }

    /// Files that say nothing by themselves, recognised from the mail around them.
    private static func resolveFromContext(_ documents: inout [AnalyzedDocument], body bodyText: String, subject: String?,
                                           bodyLetter: Bool) {
        let fileIndices = documents.indices.filter { !documents[$0].isBodyLetter }
        let context = fileIndices.map { ContextFile(filename: documents[$0].filename, hasText: documents[$0].hasText, decisions: documents[$0].decisions) }
        let resolved = MessageContextResolver().resolve(context, body: bodyText, subject: subject, bodyLetter: bodyLetter)
        for (position, index) in fileIndices.enumerated() where position < resolved.count {
            documents[index].decisions = resolved[position]
        }
    }

    /// Links to hosted files in the body text, then those only in an HTML body.
    private static func hostedLinks(in message: Message, bodyText: String) -> [String] {
        var links = HostedLinkFinder.links(in: bodyText)
        for leaf in message.leaves where leaf.contentType.mimeType == "text/html" && !leaf.isAttachment {
            var ignored = DefectSet()
            let html = String(decoding: leaf.decodedBody(defects: &ignored).prefix(2 << 20), as: UTF8.self)
            for link in HostedLinkFinder.links(in: html) where !links.contains(link) { links.append(link) }
        }
        return links
    }

    /// The first body that reads as a letter of intent, with its index.
    private static func firstLetter(in texts: [String]) -> (Int, KindDecision)? {
        let letters = BodyLetterDetector()
        for (index, text) in texts.enumerated() {
            if let decision = letters.letterOfIntent(inBody: text) { return (index, decision) }
        }
        return nil
    }

    /// One file: its kinds (from its name and its text, read once for all files with its bytes),
    /// language and figures; the defect met reading it, if any.
    private static func judge(_ file: MessageFile, extracted: ExtractedText, sha256: String, classifier: DocumentClassifier,
                              detector: LanguageDetector, configuration: DocumentAnalyzerConfiguration) -> (AnalyzedDocument, Defect?) {
        var decisions = classifier.classify(filename: file.filename, text: extracted.text)
        if let note = extracted.note, !extracted.hasText {
            decisions = decisions.map { decision in
                var copy = decision
                copy.reasons.insert(note, at: 0)
                return copy
            }
        }
        var financial: FinancialFigures?
        if let text = extracted.text, decisions.contains(where: { $0.kind == .financialOffer }) {
            financial = FinancialFigureExtractor().extract(from: text, cap: configuration.budgetCap)
        }
        let document = AnalyzedDocument(
            decisions: decisions, filename: file.filename, partPath: file.partPath, archive: file.archive,
            origin: file.origin, isBodyLetter: false, mediaType: file.mediaType,
            language: extracted.text.flatMap { detector.detect($0) }, hasText: extracted.hasText,
            textNote: extracted.note, financial: financial, bytes: file.bytes, sha256: sha256)
        return (document, extracted.defect)
    }

    /// `transform` over `items` on all cores, results in order.
    static func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let slots = ResultSlots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.store(transform(items[index]), at: index)
        }
        return slots.values()
    }

    struct Body: Sendable {
        var part: Part
        var text: String
    }

    /// The body text of the message and of each attached message, with the part that carries it.
    static func bodies(of message: Message) -> [Body] {
        var result: [Body] = []
        var queue: [Message] = [message]
        var seen = 0
        while !queue.isEmpty, seen < 20 {
            let current = queue.removeFirst()
            seen += 1
            if let text = current.text, let part = firstTextPart(current.root) { result.append(Body(part: part, text: text)) }
            for leafOrMessage in attachedMessages(current.root) { queue.append(leafOrMessage) }
        }
        return result
    }

    private static func firstTextPart(_ root: Part) -> Part? {
        var stack: [Part] = [root]
        var html: Part?
        while let part = stack.popLast() {
            switch part.body {
            case .leaf:
                guard !part.isAttachment, part.contentType.type == "text" else { continue }
                if part.contentType.subtype == "plain" { return part }
                if part.contentType.subtype == "html", html == nil { html = part }
            case .multipart(let children): stack.append(contentsOf: children.reversed())
            case .message: continue
            }
        }
        return html
    }

    private static func attachedMessages(_ root: Part) -> [Message] {
        var found: [Message] = []
        var stack: [Part] = [root]
        while let part = stack.popLast() {
            switch part.body {
            case .leaf: continue
            case .multipart(let children): stack.append(contentsOf: children.reversed())
            case .message(let inner): found.append(inner)
            }
        }
        return found
    }
}
