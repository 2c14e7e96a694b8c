import FuzzSupport
import Foundation
import MIME
import OfferCore
import OfferDocuments

/// Runs the analyzer on what the fuzzer built and checks the message-wide limits hold.
enum DocumentFuzzer {
    /// The PDF reader is a program that does not exist: a PDF costs a failed spawn, not a pdftotext.
    static let configuration: DocumentAnalyzerConfiguration = {
        var configuration = DocumentAnalyzerConfiguration()
        configuration.pdfExtractor = ExternalExtractor(arguments: ["/nonexistent/pdftotext"], timeoutSeconds: 1)
        configuration.pdfWorker = nil
        configuration.messageLimits.maxInflatedBytes = 16 << 20
        return configuration
    }()

    static let tightConfiguration: DocumentAnalyzerConfiguration = {
        var configuration = Self.configuration
        configuration.messageLimits.maxInflatedBytes = 4096
        configuration.messageLimits.maxFiles = 5
        configuration.archiveLimits.maxEntries = 8
        configuration.archiveLimits.maxTotalUncompressed = 2048
        configuration.archiveLimits.maxEntryUncompressed = 1024
        configuration.archiveLimits.ratioAppliesAbove = 256
        configuration.extractionLimits.maxOfficeXMLBytes = 4096
        configuration.extractionLimits.maxOfficeEntries = 8
        return configuration
    }()

    static func message(attaching bytes: [UInt8], named name: String, type: String) -> Message {
        var raw = "From: a@example.org\r\nSubject: Offer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        raw += "--b\r\nContent-Type: text/plain\r\n\r\nPlease find our offer attached.\r\n"
        raw += "--b\r\nContent-Type: \(type); name=\"\(name)\"\r\nContent-Disposition: attachment; filename=\"\(name)\"\r\n"
        raw += "Content-Transfer-Encoding: base64\r\n\r\n" + Data(bytes).base64EncodedString(options: .lineLength76Characters) + "\r\n--b--\r\n"
        return MessageParser().parse(Array(raw.utf8))
    }

    static func analyze(_ message: Message, configuration: DocumentAnalyzerConfiguration = Self.configuration) {
        let result = DocumentAnalyzer(configuration).analyze(message)
        let limits = configuration.messageLimits
        // Every file plus, at most, the letter written in the body.
        if result.documents.count > limits.maxFiles + 1 {
            fatalError("invariant: \(result.documents.count) documents, limit is \(limits.maxFiles)")
        }
        let inflated = result.documents.filter { $0.origin == .zipEntry }.reduce(0) { $0 + $1.bytes.count }
        if inflated > limits.maxInflatedBytes {
            fatalError("invariant: \(inflated) bytes inflated from zips, limit is \(limits.maxInflatedBytes)")
        }
        for document in result.documents {
            if document.sha256.utf8.count != 64 { fatalError("invariant: sha256 \(document.sha256)") }
            Sink.take(document.filename, document.textNote, document.sha256, document.archive)
            Sink.take(document.kinds.map(\.rawValue))
        }
        Sink.take(result.defects.names)
        Sink.take(result.hostedLinks)
    }

    static func read(_ bytes: [UInt8], named name: String, type: String) {
        let file = MessageFile(filename: name, partPath: "2", archive: nil, origin: .part, mediaType: type, bytes: bytes)
        let text = TextExtractor(pdfExtractor: configuration.pdfExtractor).text(of: file)
        Sink.take(text.text, text.note, text.defect?.name)
    }
}
