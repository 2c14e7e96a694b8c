import OfferCore
import Testing

@Suite("What the text of a file says")
struct ContentClassificationTests {
    let classifier = DocumentClassifier()

    @Test("a CV is recognised by its headings and date ranges, whatever the name")
    func cvByContent() {
        let text = """
        Awa Diallo
        Née le 12 mars 1985
        Expérience professionnelle
        2018 – à ce jour : Directrice de projets
        2013 – 2018 : Consultante, Dakar
        Formation
        2009 : Master en urbanisme, Université Cheikh Anta Diop
        Langues : français, anglais (courant)
        """
        let decisions = classifier.classify(filename: "Document (2).docx", text: text)
        #expect(decisions.map(\.kind) == [.cv])
        #expect(decisions.first?.reasons.contains { $0.contains("date range") } == true)
    }

    @Test("a letter is recognised by its greeting, intent and closing")
    func letterByContent() {
        let text = """
        Dakar, le 21 juin 2022
        Madame, Monsieur,
        Par la présente, nous avons l'honneur de vous soumettre notre candidature et de manifester notre intérêt.
        Nous nous engageons à respecter le calendrier.
        Veuillez agréer, Madame, Monsieur, nos salutations distinguées.
        """
        #expect(classifier.classify(filename: "scan001.pdf", text: text).map(\.kind) == [.letterOfIntent])
    }

    @Test("a budget is recognised by its amounts and rates")
    func budgetByContent() {
        let text = "Honoraires\nTaux journalier : 450 €/jour\nNombre de jours : 40\nTotal HT : 18 000 €\nTVA : 3 240 €"
        #expect(classifier.classify(filename: "annexe.pdf", text: text).map(\.kind) == [.financialOffer])
    }

    @Test("an enclosure list in a letter does not make the letter hold the listed documents")
    func enclosureList() {
        let text = """
        LETTER OF INTENT
        Dear Sir or Madam,
        We hereby express our interest in the call and are pleased to submit our application.
        Enclosures:
        Workplan
        Financial offer
        CV
        Yours sincerely,
        Sarah Mitchell
        """
        #expect(classifier.classify(filename: "letter.pdf", text: text).map(\.kind) == [.letterOfIntent])
    }

    @Test("one file with four titled documents counts four times")
    func combined() {
        let text = """
        LETTER OF INTENT
        Dear Sir or Madam,
        We hereby express our interest in the call and are pleased to submit our application. We commit to deliver.
        Yours sincerely,
        WORKPLAN
        Methodology: diagnostic, workshops with stakeholders, pilot.
        Phase 1 (Month 1): inception report. Phase 2 (Month 2): workshops. Phase 3 (Month 3): final report.
        Deliverables: D1, D2, D3.
        FINANCIAL OFFER
        Daily rate: EUR 450 per day
        Number of days: 40
        Total excluding VAT: EUR 18,000
        CURRICULUM VITAE
        Professional experience
        2017 - present: Senior planner
        2012 - 2017: Consultant
        Education: MSc, University of Manchester
        """
        let kinds = classifier.classify(filename: "Full application.pdf", text: text).map(\.kind)
        #expect(Set(kinds) == [.letterOfIntent, .workplan, .financialOffer, .cv])
        #expect(kinds.count == 4)
    }

    @Test("a combined file titled in tender wording (submission letter, implementation plan, fee schedule) counts four times")
    func combinedTenderTitles() {
        let text = """
        Tender Submission Letter
        Okafor & Partners Advisory
        Dear Members of the Evaluation Committee,
        I am writing to submit my application for the assignment advertised by the ASToN network.
        I confirm that I have no conflict of interest and that I am available to start in July 2022.
        Sincerely,
        Daniel Okafor
        Implementation Plan
        1. Proposed approach
        Task 1 - Inception (weeks 1-2): kick-off call, review of documents, inception report.
        Task 2 - Discovery (weeks 3-6): interviews with city departments, stakeholder mapping.
        Task 3 - Pilot (weeks 7-12): pilot, evaluation, final report and training.
        Deliverables and milestones: inception report (week 2), final report (week 12).
        FEE SCHEDULE
        Item | Unit | Quantity | Unit rate | Amount
        Team leader fees | day | 30 | EUR 600 | EUR 18,000
        Total (excl. VAT) | | | | EUR 18,000
        CURRICULUM VITAE
        Professional experience
        2019 - present: Lead consultant, smart city programmes
        2014 - 2019: Project manager, open data initiative
        Education: MSc Urban Planning, University of Lagos
        """
        let kinds = classifier.classify(filename: "Proposal.pdf", text: text).map(\.kind)
        #expect(Set(kinds) == [.letterOfIntent, .workplan, .financialOffer, .cv])
        #expect(kinds.count == 4)
    }

    @Test("a text with CR LF line ends (a Windows .txt) is read line by line: its title and greeting count")
    func crlfLines() {
        let text = [
            "LETTER OF INTENT", "Dear Sir or Madam,",
            "We hereby express our interest in the call and are pleased to submit our application.",
            "Yours sincerely,", "Sarah Mitchell",
        ].joined(separator: "\r\n")
        let decisions = classifier.classify(filename: "letter.txt", text: text)
        #expect(decisions.map(\.kind) == [.letterOfIntent])
        #expect(decisions.first?.reasons.contains { $0.hasPrefix("heading \"LETTER OF INTENT\"") } == true, "\(decisions.map(\.reasons))")
        #expect(decisions.first?.reasons.contains { $0.hasPrefix("greeting") } == true)
    }

    @Test("a certificate is none of the four")
    func other() {
        let text = "CERTIFICATE OF INCORPORATION\nThe Registrar of Companies hereby certifies that Urban Insight Ltd is incorporated under the Companies Act 2006."
        #expect(classifier.classify(filename: "Certificate.pdf", text: text).map(\.kind) == [.other])
    }

    @Test("a cover note in the body is not a letter of intent, a letter in the body is")
    func bodyLetters() {
        let note = "Dear Secretariat,\n\nPlease find attached our letter of intent, workplan, financial offer and CV.\n\nBest regards,\nSarah"
        #expect(BodyLetterDetector().letterOfIntent(inBody: note) == nil)
        let letter = """
        Exmos. Senhores,

        Vimos por este meio manifestar o nosso interesse no concurso ASToN-2022 e apresentar a nossa candidatura ao apoio
        direto às cidades da rede. A nossa equipa tem dez anos de experiência na transformação digital de municípios e está
        disponível durante toda a missão. Comprometemo-nos a cumprir o calendário e a qualidade dos produtos esperados.

        Com os melhores cumprimentos,
        João Gonçalves
        """
        let decision = BodyLetterDetector().letterOfIntent(inBody: letter)
        #expect(decision?.kind == .letterOfIntent)
    }
}
