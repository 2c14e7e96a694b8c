import TextBasics

/// The text of DOCX, XLSX, PPTX (Office Open XML) and ODT, ODS, ODP (OpenDocument) files, read from
/// the XML inside their zip with the same inflation limits as attachments.
///
/// Tables keep their shape, because the financial figures live in them: cells are separated by
/// tabs and rows end lines (a Word table row, a spreadsheet row, an OpenDocument table row).
/// Spreadsheet cells are placed by their reference (`C2`), shared strings resolved.
struct OfficeTextExtractor {
    let limits: ExtractionLimits
    /// The message's inflation budget, shared with its archives and other documents.
    var budget: MessageBudget?

    init(limits: ExtractionLimits, budget: MessageBudget? = nil) {
        self.limits = limits
        self.budget = budget
    }

    enum Format { case docx, xlsx, pptx, openDocument }

    enum Outcome: Equatable {
        case text(String)
        /// Not a readable office document.
        case notOffice
        /// The message's inflation budget ran out while its XML was read.
        case budgetSpent
    }

    static func isOfficeName(_ lowercasedName: String) -> Bool {
        [".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".pptx", ".odt", ".ods", ".odp", ".ott"].contains { lowercasedName.hasSuffix($0) }
    }

    /// A zip whose first entry is `[Content_Types].xml` or `mimetype` (OOXML / ODF writers put them first).
    static func looksLikeOfficeDocument(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 30, bytes[0] == 0x50, bytes[1] == 0x4B, bytes[2] == 0x03, bytes[3] == 0x04 else { return false }
        let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
        guard nameLength > 0, 30 + nameLength <= bytes.count else { return false }
        let name = String(decoding: bytes[30..<(30 + nameLength)], as: UTF8.self)
        return name == "[Content_Types].xml" || name == "mimetype" || name.hasPrefix("word/") || name.hasPrefix("xl/")
            || name.hasPrefix("ppt/") || name == "_rels/.rels" || name == "docProps/app.xml"
    }

    func text(of bytes: [UInt8]) -> Outcome {
        guard let zip = try? BoundedZip(bytes: bytes, maxEntries: limits.maxOfficeEntries) else { return .notOffice }
        let byPath = Dictionary(zip.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var fileBudget = limits.maxOfficeXMLBytes
        var budgetSpent = false
        // The declared size is taken from the message's budget before inflating, and the entry may
        // not inflate past it: documents read side by side must not each take half of the budget
        // and all fail, when one at a time they would have fitted.
        func read(_ path: String) -> [UInt8]? {
            guard let entry = byPath[path], entry.declaredSize <= fileBudget else { return nil }
            if let budget, !budget.spendInflated(entry.declaredSize) {
                budgetSpent = true
                return nil
            }
            let data = try? zip.read(entry, limit: entry.declaredSize)
            // A failed entry (corrupt, lying) keeps what it was given: its inflating was work done.
            let used = data?.count ?? entry.declaredSize
            budget?.refundInflated(entry.declaredSize - used)
            fileBudget -= used
            return data
        }
        func numbered(_ prefix: String) -> [String] {
            zip.entries.map(\.path).filter { $0.hasPrefix(prefix) && $0.hasSuffix(".xml") && !$0.contains("/_rels/") }
                .sorted { Self.number(in: $0) < Self.number(in: $1) }
        }
        let text: String?
        if let document = read("word/document.xml") {
            text = Self.wordText(document)
        } else if byPath["xl/workbook.xml"] != nil {
            let shared = read("xl/sharedStrings.xml").map(Self.sharedStrings) ?? []
            text = numbered("xl/worksheets/sheet").lazy.compactMap(read).map { Self.sheetText($0, shared: shared) }.joined(separator: "\n")
        } else if byPath["ppt/presentation.xml"] != nil {
            text = numbered("ppt/slides/slide").lazy.compactMap(read).map(Self.slideText).joined(separator: "\n")
        } else if let content = read("content.xml") {
            text = Self.openDocumentText(content)
        } else {
            text = nil
        }
        if budgetSpent { return .budgetSpent }
        return text.map(Outcome.text) ?? .notOffice
    }

    private static func number(in path: String) -> Int {
        Int(path.filter(\.isNumber).prefix(9)) ?? 0
    }

    /// `w:t` runs; paragraphs end lines, except inside table cells where they become spaces;
    /// cells end with a tab, rows with a newline.
    static func wordText(_ xml: [UInt8]) -> String {
        var out = ""
        var inText = false
        var cellDepth = 0
        XMLTextScanner.scan(xml) { event in
            switch event {
            case .start(let name, _, let selfClosing):
                switch name {
                case "w:t": inText = !selfClosing
                case "w:tab": out += "\t"
                case "w:br", "w:cr": out += cellDepth > 0 ? " " : "\n"
                case "w:tc": if !selfClosing { cellDepth += 1 }
                default: break
                }
            case .end(let name):
                switch name {
                case "w:t": inText = false
                case "w:p": out += cellDepth > 0 ? " " : "\n"
                case "w:tc":
                    cellDepth = max(0, cellDepth - 1)
                    out += "\t"
                case "w:tr": out += "\n"
                default: break
                }
            case .text(let text):
                if inText { out += text }
            }
        }
        return out
    }

    static func sharedStrings(_ xml: [UInt8]) -> [String] {
        var strings: [String] = []
        var current = ""
        var inItem = false
        var inText = false
        XMLTextScanner.scan(xml) { event in
            switch event {
            case .start(let name, _, let selfClosing):
                if name == "si" { inItem = true; current = "" }
                if name == "t" { inText = !selfClosing }
                if name == "si" && selfClosing { strings.append(""); inItem = false }
            case .end(let name):
                if name == "t" { inText = false }
                if name == "si", inItem { strings.append(current); inItem = false }
            case .text(let text):
                if inItem && inText { current += text }
            }
        }
        return strings
    }

    /// One line per row, cells at their column (tabs between), shared strings resolved.
    static func sheetText(_ xml: [UInt8], shared: [String]) -> String {
        var lines: [String] = []
        var row: [Int: String] = [:]
        var cellColumn = 0
        var nextColumn = 0
        var cellType: Substring = ""
        var value = ""
        var inValue = false
        XMLTextScanner.scan(xml) { event in
            switch event {
            case .start(let name, let attributes, let selfClosing):
                switch name {
                case "row":
                    row = [:]
                    nextColumn = 0
                    if selfClosing { lines.append("") }
                case "c":
                    cellType = XMLTextScanner.attribute("t", in: attributes) ?? ""
                    cellColumn = XMLTextScanner.attribute("r", in: attributes).map(columnIndex) ?? nextColumn
                    nextColumn = cellColumn + 1
                    value = ""
                case "v", "t": inValue = !selfClosing
                default: break
                }
            case .end(let name):
                switch name {
                case "v", "t": inValue = false
                case "c":
                    var text = value
                    if cellType == "s", let index = Int(value.trimmingWhitespace()), shared.indices.contains(index) { text = shared[index] }
                    if !text.isEmpty, cellColumn < 1000 { row[cellColumn] = text.replacingTabsAndNewlines() }
                case "row":
                    if let last = row.keys.max() {
                        lines.append((0...last).map { row[$0] ?? "" }.joined(separator: "\t"))
                    }
                default: break
                }
            case .text(let text):
                if inValue { value += text }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `C12` → 2 (A is 0).
    static func columnIndex(_ reference: Substring) -> Int {
        var column = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65 && scalar.value <= 90 else { break }
            column = column * 26 + Int(scalar.value - 64)
            if column > 100_000 { break }
        }
        return max(0, column - 1)
    }

    static func slideText(_ xml: [UInt8]) -> String {
        var out = ""
        var inText = false
        XMLTextScanner.scan(xml) { event in
            switch event {
            case .start(let name, _, let selfClosing): if name == "a:t" { inText = !selfClosing }
            case .end(let name):
                if name == "a:t" { inText = false }
                if name == "a:p" { out += "\n" }
            case .text(let text): if inText { out += text }
            }
        }
        return out
    }

    /// `text:p` and `text:h` end lines (spaces inside table cells); cells end with a tab, rows a newline.
    static func openDocumentText(_ xml: [UInt8]) -> String {
        var out = ""
        var textDepth = 0
        var cellDepth = 0
        XMLTextScanner.scan(xml) { event in
            switch event {
            case .start(let name, let attributes, let selfClosing):
                switch name {
                case "text:p", "text:h": if !selfClosing { textDepth += 1 }
                case "text:tab": out += "\t"
                case "text:s":
                    let count = XMLTextScanner.attribute("text:c", in: attributes).flatMap { Int($0) } ?? 1
                    out += String(repeating: " ", count: min(max(count, 1), 100))
                case "text:line-break": out += cellDepth > 0 ? " " : "\n"
                case "table:table-cell", "table:covered-table-cell":
                    if selfClosing {
                        let repeated = XMLTextScanner.attribute("table:number-columns-repeated", in: attributes).flatMap { Int($0) } ?? 1
                        out += String(repeating: "\t", count: min(max(repeated, 1), 5))
                    } else {
                        cellDepth += 1
                    }
                default: break
                }
            case .end(let name):
                switch name {
                case "text:p", "text:h":
                    textDepth = max(0, textDepth - 1)
                    out += cellDepth > 0 ? " " : "\n"
                case "table:table-cell", "table:covered-table-cell":
                    cellDepth = max(0, cellDepth - 1)
                    out += "\t"
                case "table:table-row": out += "\n"
                default: break
                }
            case .text(let text):
                if textDepth > 0 { out += text }
            }
        }
        return out
    }
}

extension String {
    func replacingTabsAndNewlines() -> String {
        String(map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
