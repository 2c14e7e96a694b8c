import OfferCore
import Testing

@Suite("What a file name says when the file has no text")
struct FilenameClassificationTests {
    struct Case: Sendable, CustomStringConvertible {
        var filename: String
        var kinds: [DocumentKind]
        var description: String { filename }
    }

    @Test("a scan is classified by its name", arguments: [
        Case(filename: "CV_FR_2022_final.pdf", kinds: [.cv]),
        Case(filename: "Curriculum Vitae - Awa Diallo.pdf", kinds: [.cv]),
        Case(filename: "Curiculum_vitae.pdf", kinds: [.cv]),
        Case(filename: "Résumé João.pdf", kinds: [.cv]),
        Case(filename: "Currículo.pdf", kinds: [.cv]),
        Case(filename: "CVAwaDiallo.pdf", kinds: [.cv]),
        Case(filename: "LOI_signed.pdf", kinds: [.letterOfIntent]),
        Case(filename: "Lettre de motivation.pdf", kinds: [.letterOfIntent]),
        Case(filename: "lettre d'intension.pdf", kinds: [.letterOfIntent]),
        Case(filename: "Carta de motivação.pdf", kinds: [.letterOfIntent]),
        Case(filename: "Cover letter.pdf", kinds: [.letterOfIntent]),
        Case(filename: "Méthodologie.pdf", kinds: [.workplan]),
        Case(filename: "Methodolgy.pdf", kinds: [.workplan]),
        Case(filename: "Proposition technique.pdf", kinds: [.workplan]),
        Case(filename: "Plano de trabalho.pdf", kinds: [.workplan]),
        Case(filename: "WorkPlan_v2.pdf", kinds: [.workplan]),
        Case(filename: "Offre financière.xlsx", kinds: [.financialOffer]),
        Case(filename: "Proposta financeira.pdf", kinds: [.financialOffer]),
        Case(filename: "Finacial_offer.pdf", kinds: [.financialOffer]),
        Case(filename: "Devis ASToN.pdf", kinds: [.financialOffer]),
        Case(filename: "Budget.pdf", kinds: [.financialOffer]),
        Case(filename: "Orçamento.pdf", kinds: [.financialOffer]),
        Case(filename: "Offre technique et financière.pdf", kinds: [.workplan, .financialOffer]),
        Case(filename: "Fee_Schedule.xlsx", kinds: [.financialOffer]),
        Case(filename: "DPGF_lot_2.xlsx", kinds: [.financialOffer]),
        Case(filename: "scan001.pdf", kinds: [.other]),
        Case(filename: "Document (2).docx", kinds: [.other]),
        Case(filename: "IMG_4512.jpg", kinds: [.other]),
    ])
    func byName(_ example: Case) {
        let decisions = DocumentClassifier().classify(filename: example.filename, text: nil)
        #expect(decisions.map(\.kind) == example.kinds, "\(decisions.map(\.reasons))")
        #expect(decisions.allSatisfy { !$0.reasons.isEmpty && $0.confidence > 0 && $0.confidence < 1 })
    }
}
