/// A command that turns a file on standard input into text on standard output, run in a child
/// process with a wall-clock timeout (killed with SIGKILL on expiry) and, through prlimit(1), an
/// address-space cap, so a hostile PDF can crash or hang only the child.
public struct ExternalExtractor: Sendable, Hashable {
    /// Absolute path of the program and its arguments; the file comes on standard input.
    public var arguments: [String]
    /// Seconds before the child is killed.
    public var timeoutSeconds: Double
    /// Bytes of standard output kept; the child is killed past it.
    public var maxOutputBytes: Int
    /// Pages read at most (`-l`), for the PDF workers too.
    public var pages: Int = 80

    public init(arguments: [String], timeoutSeconds: Double = 10, maxOutputBytes: Int = 8 << 20) {
        self.arguments = arguments
        self.timeoutSeconds = timeoutSeconds
        self.maxOutputBytes = maxOutputBytes
    }

    /// poppler's pdftotext (Debian package poppler-utils) under prlimit: `--as` caps memory,
    /// `--cpu` caps CPU seconds as a second line of defence, `-l` reads at most `pages` pages.
    public static func pdftotext(
        pdftotext: String = "/usr/bin/pdftotext",
        prlimit: String? = "/usr/bin/prlimit",
        memoryBytes: Int = 192 << 20,
        pages: Int = 80,
        timeoutSeconds: Double = 8
    ) -> ExternalExtractor {
        let tool = [pdftotext, "-q", "-enc", "UTF-8", "-eol", "unix", "-l", String(pages), "-", "-"]
        let cpu = Int(timeoutSeconds.rounded(.up)) + 1
        let wrapped = prlimit.map { [$0, "--as=\(memoryBytes)", "--cpu=\(cpu)", "--"] + tool } ?? tool
        var extractor = ExternalExtractor(arguments: wrapped, timeoutSeconds: timeoutSeconds)
        extractor.pages = pages
        return extractor
    }
}
