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
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `--defsym main=FuzzMIME_main`; libFuzzer's driver takes over here.
/// See section 8 of the toolchain notes for why `@main` cannot be used under `-sanitize=fuzzer`.
@_cdecl("FuzzMIME_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}
#else
/// A plain `swift build` gives a replayer: `FuzzMIME FILE...` runs each file through the same
/// entry point without sanitizers, so a crash artifact shows a readable Swift backtrace.
@main struct ReplayMain {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: FuzzMIME FILE...  (replays inputs; fuzz with scripts/testing/fuzz-mime SECONDS)")
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
