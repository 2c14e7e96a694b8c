import Foundation
import MIME
import Testing

/// offerbox-pdf-worker (issue 11): poppler in a confined process of its own, many PDFs over one pipe.
@Suite(.serialized) struct PDFWorkerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    static let worker = root.appendingPathComponent(".build/debug/offerbox-pdf-worker").path

    /// A running worker and its pipes.
    final class Worker {
        let process = Process()
        let input = Pipe(), output = Pipe()

        init(arguments: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: PDFWorkerTests.worker)
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func text(of pdf: [UInt8], pages: UInt32 = 80) throws -> (status: UInt8, text: String) {
            var request = Self.bigEndian(UInt32(pdf.count)) + Self.bigEndian(pages)
            request += pdf
            try input.fileHandleForWriting.write(contentsOf: request)
            let header = try #require(try output.fileHandleForReading.read(upToCount: 5))
            let length = header.dropFirst().reduce(0) { $0 << 8 | Int($1) }
            var text = Data()
            while text.count < length, let chunk = try output.fileHandleForReading.read(upToCount: length - text.count) { text += chunk }
            return (header.first ?? 255, String(decoding: text, as: UTF8.self))
        }

        func finish() throws -> Int32 {
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }

        static func bigEndian(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    }

    /// Every PDF attached to the labeled offers.
    static func fixturePDFs() throws -> [[UInt8]] {
        let folder = root.appendingPathComponent("fixtures/offers")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted().flatMap { name in
            let message = MessageParser().parse(try [UInt8](Data(contentsOf: folder.appendingPathComponent(name))))
            return message.leaves.compactMap { leaf -> [UInt8]? in
                var defects = DefectSet()
                let body = leaf.decodedBody(defects: &defects)
                return body.starts(with: Array("%PDF".utf8)) ? body : nil
            }
        }
    }

    static func pdftotext(_ pdf: [UInt8]) throws -> String {
        let process = Process(), input = Pipe(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-q", "-enc", "UTF-8", "-eol", "unix", "-l", "80", "-", "-"]
        (process.standardInput, process.standardOutput) = (input, output)
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: pdf)
        try input.fileHandleForWriting.close()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: text, as: UTF8.self)
    }

    @Test func theWorkerReadsEveryFixturePDFAsPdftotextDoesOverOnePipe() throws {
        let pdfs = try Self.fixturePDFs()
        #expect(pdfs.count > 100)
        // pdftotext's texts first, each in a process of its own, before the worker holds any pipe.
        let expected = try pdfs.map { try Self.pdftotext($0).split(whereSeparator: \.isWhitespace) }
        let worker = try Worker()
        for (pdf, words) in zip(pdfs, expected) {
            let (status, text) = try worker.text(of: pdf)
            // 1: an encrypted PDF (the fixtures hold one), which pdftotext cannot read either.
            #expect(status == 0 || (status == 1 && words.isEmpty))
            #expect(text.split(whereSeparator: \.isWhitespace) == words, "the classifier must read the same words")
        }
        #expect(try worker.finish() == 0, "one process for all of them, ended by the end of its input")
    }

    @Test func aBrokenPDFIsAnsweredAndTheWorkerGoesOn() throws {
        let worker = try Worker()
        #expect(try worker.text(of: Array("%PDF-1.7 this is not a PDF at all".utf8)).status == 2)
        #expect(try worker.text(of: []).status == 2)
        let pdf = try #require(try Self.fixturePDFs().first)
        #expect(try worker.text(of: pdf).status == 0, "the next document is read as usual")
        #expect(try worker.finish() == 0)
    }

    @Test func theWorkerCannotReachTheNetworkAndRefusesAnInputOverItsLimit() throws {
        let sandbox = try Worker(arguments: ["--self-test-sandbox"])
        let answer = String(decoding: sandbox.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sandbox.process.waitUntilExit()
        #expect(answer == "socket: refused\n" && sandbox.process.terminationStatus == 0)
        let worker = try Worker()
        try worker.input.fileHandleForWriting.write(contentsOf: Worker.bigEndian(65 << 20) + Worker.bigEndian(80))
        worker.process.waitUntilExit()
        #expect(worker.process.terminationStatus == 65, "a length over 64 MiB ends the worker before it reads or allocates")
    }
}
