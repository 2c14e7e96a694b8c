import Foundation
import OfferCore
import OfferStore
@testable import OfferboxService
import Testing

/// The register read for every offer at once (a fixed number of queries) says exactly what it says
/// read offer by offer.
@Suite struct RegisterReadTests {
    typealias T = IntakePipelineTests

    @Test func theBatchedRegisterEqualsTheRegisterReadOfferByOffer() throws {
        let (pipeline, database) = try T.pipeline()
        var uid: Int64 = 0
        func ingest(_ raw: [UInt8], at time: Int64) throws {
            uid += 1
            _ = try pipeline.ingest(T.fetched(raw, uid: uid, at: time), now: time + 1)
        }
        for n in 1...6 {
            let from = "Applicant \(n) <applicant\(n)@example.org>"
            try ingest(T.mail(from: from, id: "a\(n)@x", files: Array(T.allFour.prefix(n % 4 + 1))), at: 1000 + Int64(n))
            if n.isMultiple(of: 2) {
                try ingest(T.mail(from: from, id: "b\(n)@x", files: ["CV Awa Diallo.pdf"], version: " v2"), at: 2000 + Int64(n))
            }
            if n == 3 { try ingest(T.mail(from: from, id: "late\(n)@x", files: ["Financial offer.pdf"]), at: T.deadline + 10) }
            if n == 5 { try ingest(T.mail(from: from, subject: "A question", id: "q\(n)@x", files: []), at: 3000) }
        }
        let register = Register(database: database, configuration: try T.configuration())
        let batched = try register.entries()
        #expect(batched.count == 6)
        for entry in batched {
            let single = try #require(try register.entry(publicID: entry.id))
            #expect(RegisterFormats.jsonLine(entry) == RegisterFormats.jsonLine(single))
            #expect(entry.documents.mapValues { $0.map(\.sha256) } == single.documents.mapValues { $0.map(\.sha256) })
        }
        let third = try #require(batched.first { $0.applicantAddress == "applicant3@example.org" })
        #expect(third.lateMessages == 1)
        let fifth = try #require(batched.first { $0.applicantAddress == "applicant5@example.org" })
        #expect(fifth.lateMessages == 0, "a question linked to the offer is not a late message")
        #expect(try register.entries(status: .accepted).map(\.id) == batched.filter { $0.status == .accepted }.map(\.id))
    }
}
