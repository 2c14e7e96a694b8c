import FuzzSupport
import MIME

/// libFuzzer entry over the document readers of OfferDocuments; built and run by
/// `scripts/testing/fuzz-documents`.
///
/// The first input byte picks the reader (see ``DocumentMode``): control bytes 0x01...0x06 put
/// the rest of the input in a zip attachment, a winmail.dat, or a file read for text as RTF,
/// OOXML/ODF or HTML/text/legacy Office; any other first byte, which is what real messages start
/// with, parses the whole input as a message and analyses its documents.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: start, count: count)
    if let mode = DocumentMode(rawValue: input[0]) {
        mode.run(Array(input.dropFirst()))
    } else {
        DocumentFuzzer.analyze(MessageParser().parse(Array(input)))
    }
    return 0
}

#if FUZZING
@_cdecl("FuzzDocuments_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzOne)
}
#else
@main struct ReplayMain {
    static func main() {
        FuzzDriver.replay(CommandLine.arguments.dropFirst(), usage: "usage: FuzzDocuments FILE...  (replays inputs; fuzz with scripts/testing/fuzz-documents SECONDS)", fuzzOne)
    }
}
#endif
