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
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `--defsym main=FuzzDocuments_main`; libFuzzer's driver takes over
/// here (as in FuzzMIME: `@main` cannot be used under `-sanitize=fuzzer`).
@_cdecl("FuzzDocuments_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}
#else
/// A plain `swift build` gives a replayer: `FuzzDocuments FILE...` runs each file through the same
/// entry point without sanitizers, so a crash artifact shows a readable Swift backtrace.
@main struct ReplayMain {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: FuzzDocuments FILE...  (replays inputs; fuzz with scripts/testing/fuzz-documents SECONDS)")
            return
        }
        for path in paths {
            guard let bytes = InputFile.read(path) else {
                print("\(path): cannot read")
                continue
            }
            _ = bytes.withUnsafeBytes { fuzzOne($0.baseAddress, $0.count) }
            print("\(path): ok (\(bytes.count) bytes)")
        }
    }
}
#endif
