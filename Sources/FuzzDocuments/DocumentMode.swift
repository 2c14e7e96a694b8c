import MIME
import OfferDocuments

/// The readers fuzzed on their own, chosen by the first input byte (control bytes: no real
/// message starts with one, so the mail seed corpus lands in message mode).
enum DocumentMode: UInt8, CaseIterable {
    /// The rest is a zip attachment: the central-directory walker, names, nesting, the budgets.
    case zipAttachment = 0x01
    /// The rest is a winmail.dat (TNEF, with MAPI properties).
    case tnefAttachment = 0x02
    case rtf = 0x03
    /// The rest is an OOXML or OpenDocument file (a zip of XML).
    case office = 0x04
    /// The next byte picks the name (HTML, text, legacy Office), the rest is the file.
    case namedFile = 0x05
    /// The rest is a zip attachment analysed under tiny limits, so every limit path is reachable.
    case zipWithTightLimits = 0x06

    func run(_ input: [UInt8]) {
        switch self {
        case .zipAttachment:
            DocumentFuzzer.analyze(DocumentFuzzer.message(attaching: input, named: "dossier.zip", type: "application/zip"))
        case .tnefAttachment:
            DocumentFuzzer.analyze(DocumentFuzzer.message(attaching: input, named: "winmail.dat", type: "application/ms-tnef"))
        case .rtf:
            DocumentFuzzer.read(input, named: "offer.rtf", type: "application/rtf")
        case .office:
            DocumentFuzzer.read(input, named: "offer.docx", type: "application/octet-stream")
        case .namedFile:
            let names = ["offer.html", "offer.txt", "offer.doc", "offer.xls", "offer.csv", "offer"]
            let name = names[Int(input.first ?? 0) % names.count]
            DocumentFuzzer.read(Array(input.dropFirst()), named: name, type: name.hasSuffix(".html") ? "text/html" : "application/octet-stream")
        case .zipWithTightLimits:
            DocumentFuzzer.analyze(DocumentFuzzer.message(attaching: input, named: "dossier.zip", type: "application/zip"),
                                   configuration: DocumentFuzzer.tightConfiguration)
        }
    }
}
