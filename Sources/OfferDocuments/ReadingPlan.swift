/// Which files of a message are read for text: one reading per distinct content and format, so a
/// PDF attached four times under four names costs one pdftotext, not four. Each file keeps its own
/// document (the decision depends on the name); only the text is shared.
struct ReadingPlan {
    struct Key: Hashable {
        var sha256: String
        var format: TextExtractor.Format
    }

    /// Per file.
    let keys: [Key]
    /// Per file: the index of its reading.
    let reading: [Int]
    /// Per reading: the first file read for it.
    let firstFiles: [Int]

    init(keys: [Key]) {
        var index: [Key: Int] = [:]
        var reading: [Int] = []
        var firstFiles: [Int] = []
        for (file, key) in keys.enumerated() {
            if let existing = index[key] {
                reading.append(existing)
            } else {
                index[key] = firstFiles.count
                reading.append(firstFiles.count)
                firstFiles.append(file)
            }
        }
        self.keys = keys
        self.reading = reading
        self.firstFiles = firstFiles
    }
}
