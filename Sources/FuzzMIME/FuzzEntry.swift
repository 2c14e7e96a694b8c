import FuzzSupport
import MIME

/// libFuzzer entry over the MIME module; built and run by `scripts/testing/fuzz-mime`.
///
/// The first input byte picks what is fuzzed. Control bytes 0x01...0x0A select one pure
/// function fed with the rest of the input (see ``FuzzMode``); any other first byte, which is
/// what real messages start with, parses the whole input as a message and walks the result,
/// so that the transfer decoders, the charset code and the header parsers behind the
/// envelope all run on what the message parser hands them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start, count > 0 else {
        MessageFuzzer.run([])
        return 0
    }
    let input = UnsafeRawBufferPointer(start: start, count: count)
    if let mode = FuzzMode(rawValue: input[0]) {
        mode.run(Array(input.dropFirst()))
    } else {
        MessageFuzzer.run(Array(input))
    }
    return 0
}

#if FUZZING
@_cdecl("FuzzMIME_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc, argv, fuzzOne)
}
#else
@main struct ReplayMain {
    static func main() {
        FuzzDriver.replay(CommandLine.arguments.dropFirst(), usage: "usage: FuzzMIME FILE...  (replays inputs; fuzz with scripts/testing/fuzz-mime SECONDS)", fuzzOne)
    }
}
#endif
