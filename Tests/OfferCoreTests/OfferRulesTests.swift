import OfferCore
import Testing

@Suite struct OfferRulesTests {
    /// 27 June 2022, midnight CET.
    static let deadline: Int64 = 1_656_370_800
    static let rules = OfferRules(deadline: deadline, requiredDocuments: [.letterOfIntent, .workplan, .financialOffer, .cv])

    static func doc(_ kind: DocumentKind, _ name: String, at time: Int64, message: Int64) -> OfferRules.Document {
        OfferRules.Document(id: id(name), kind: kind, receivedAt: time, message: message)
    }

    /// Documents are known by identity; these tests name them, and each name stands for one id.
    static func id(_ name: String) -> DocumentRef {
        .stored(name.utf8.reduce(Int64(1469598103)) { ($0 &* 1_099_511_628_211) ^ Int64($1) } & Int64.max)
    }

    static func ids(_ names: String...) -> [DocumentRef] { names.map(id) }

    @Test(arguments: [
        (deadline - 1, false),
        (deadline, true),
        (deadline + 1, true),
    ])
    func aMessageAtOrAfterTheDeadlineIsLate(receivedAt: Int64, late: Bool) {
        #expect(Self.rules.isLate(receivedAt: receivedAt) == late)
    }

    @Test func allFourDocumentsBeforeTheDeadlineAreAccepted() {
        let evaluation = Self.rules.evaluate(firstReceivedAt: Self.deadline - 100, documents: [
            Self.doc(.letterOfIntent, "Letter.pdf", at: Self.deadline - 100, message: 1),
            Self.doc(.workplan, "Workplan.docx", at: Self.deadline - 100, message: 1),
            Self.doc(.financialOffer, "Offer.xlsx", at: Self.deadline - 100, message: 1),
            Self.doc(.cv, "CV.pdf", at: Self.deadline - 100, message: 1),
        ])
        #expect(evaluation.status == .accepted)
        #expect(evaluation.missing.isEmpty)
        #expect(evaluation.current[.cv] == Self.ids("CV.pdf"))
    }

    @Test func anOfferSplitOverTwoMailsIsCompleteWhenTheSecondArrives() {
        let first = [Self.doc(.letterOfIntent, "Letter.pdf", at: 100, message: 1), Self.doc(.cv, "CV.pdf", at: 100, message: 1)]
        let afterFirst = Self.rules.evaluate(firstReceivedAt: 100, documents: first)
        #expect(afterFirst.status == .incomplete)
        #expect(afterFirst.missing == [.workplan, .financialOffer])
        let second = [Self.doc(.workplan, "Plan.pdf", at: 200, message: 2), Self.doc(.financialOffer, "Budget.xlsx", at: 200, message: 2)]
        let afterSecond = Self.rules.evaluate(firstReceivedAt: 100, documents: first + second)
        #expect(afterSecond.status == .accepted)
        #expect(afterSecond.replaced.isEmpty)
    }

    @Test func aResubmissionReplacesTheEarlierDocumentOfTheSameKind() {
        let evaluation = Self.rules.evaluate(firstReceivedAt: 100, documents: [
            Self.doc(.cv, "CV-old.pdf", at: 100, message: 1),
            Self.doc(.letterOfIntent, "Letter.pdf", at: 100, message: 1),
            Self.doc(.cv, "CV-new.pdf", at: 300, message: 2),
        ])
        #expect(evaluation.current[.cv] == Self.ids("CV-new.pdf"))
        #expect(evaluation.current[.letterOfIntent] == Self.ids("Letter.pdf"))
        #expect(evaluation.replaced == Self.ids("CV-old.pdf"))
    }

    @Test func twoFilesOfOneKindInOneMailBothCount() {
        let evaluation = Self.rules.evaluate(firstReceivedAt: 100, documents: [
            Self.doc(.cv, "CV-en.pdf", at: 100, message: 1),
            Self.doc(.cv, "CV-fr.pdf", at: 100, message: 1),
        ])
        #expect(evaluation.current[.cv] == Self.ids("CV-en.pdf", "CV-fr.pdf"))
        #expect(evaluation.replaced.isEmpty)
    }

    @Test func anOfferWhoseFirstMessageIsLateIsLateWhateverItHolds() {
        let time = Self.deadline + 1
        let evaluation = Self.rules.evaluate(firstReceivedAt: time, documents: [
            Self.doc(.letterOfIntent, "L.pdf", at: time, message: 1), Self.doc(.workplan, "W.pdf", at: time, message: 1),
            Self.doc(.financialOffer, "F.pdf", at: time, message: 1), Self.doc(.cv, "C.pdf", at: time, message: 1),
        ])
        #expect(evaluation.status == .late)
    }

    @Test func theRequiredDocumentsComeFromTheCall() {
        let rules = OfferRules(deadline: Self.deadline, requiredDocuments: [.cv])
        #expect(rules.evaluate(firstReceivedAt: 1, documents: [Self.doc(.cv, "CV.pdf", at: 1, message: 1)]).status == .accepted)
        #expect(rules.evaluate(firstReceivedAt: 1, documents: []).missing == [.cv])
    }

    @Test func secondsLeftNeverGoesNegative() {
        #expect(Self.rules.secondsLeft(at: Self.deadline - 3600) == 3600)
        #expect(Self.rules.secondsLeft(at: Self.deadline + 3600) == 0)
    }
}
