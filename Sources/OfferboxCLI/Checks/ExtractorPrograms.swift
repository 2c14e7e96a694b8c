// `struct stat` may reach this module through CoreFoundation's headers (which module the compiler credits
// depends on the order it reads them): imported by name, for MemberImportVisibility.
import CoreFoundation
import Glibc
import OfferDocuments

/// The programs the PDF extractor runs, and whether they are there: without pdftotext (or the
/// prlimit that wraps it) every PDF would be classified by its name only, silently, so
/// `check-config` says so.
enum ExtractorPrograms {
    /// The absolute paths an extractor's command line executes: its first argument, and, when that
    /// is prlimit(1), the program after its `--` (``ExternalExtractor/pdftotext(pdftotext:prlimit:memoryBytes:pages:timeoutSeconds:)``
    /// builds `prlimit --as=... --cpu=... -- pdftotext ...`).
    static func programs(of extractor: ExternalExtractor) -> [String] {
        guard let first = extractor.arguments.first else { return [] }
        var programs = [first]
        if first.split(separator: "/").last == "prlimit",
           let separator = extractor.arguments.firstIndex(of: "--"), separator + 1 < extractor.arguments.count {
            programs.append(extractor.arguments[separator + 1])
        }
        return programs
    }

    /// The programs among `programs` that cannot be run, `isExecutable` deciding for each path.
    static func missing(_ programs: [String], isExecutable: (String) -> Bool) -> [String] {
        programs.filter { !isExecutable($0) }
    }

    /// A regular file (after symbolic links) this user may execute, named by an absolute path.
    static func isExecutableFile(_ path: String) -> Bool {
        var status = stat()
        return path.hasPrefix("/") && stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && access(path, X_OK) == 0
    }
}
