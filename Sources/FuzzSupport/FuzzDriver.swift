/// What the two fuzz executables share around their entry point: libFuzzer's driver under
/// `-DFUZZING`, a replayer otherwise.
public enum FuzzDriver {
    public typealias Entry = @convention(c) (UnsafeRawPointer?, Int) -> CInt

    #if FUZZING
    /// Hands the process to libFuzzer, which calls `entry` with each input. SwiftPM links the
    /// executables with `--defsym main=<Target>_main` (section 8 of the toolchain notes: `@main`
    /// cannot be used under `-sanitize=fuzzer`), and that function calls this.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ entry: Entry) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, entry)
    }
    #endif

    /// A plain `swift build` gives a replayer: each file runs through the same entry point
    /// without sanitizers, so a crash artifact shows a readable Swift backtrace.
    public static func replay(_ paths: ArraySlice<String>, usage: String, _ entry: Entry) {
        if paths.isEmpty {
            print(usage)
            return
        }
        for path in paths {
            guard let bytes = InputFile.read(path) else {
                print("\(path): cannot read")
                continue
            }
            _ = bytes.withUnsafeBytes { entry($0.baseAddress, $0.count) }
            print("\(path): ok (\(bytes.count) bytes)")
        }
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt
#endif
