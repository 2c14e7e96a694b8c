import OfferCore
import Testing

@Suite("Language of a document or a mail body")
struct LanguageDetectorTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var language: Language
        var description: String { "\(language): \(text.prefix(30))" }
    }

    @Test("recognises", arguments: [
        Case(text: "We hereby express our interest in the call for offers and we are pleased to submit our application for the support of the cities.", language: .english),
        Case(text: "Par la présente, nous avons l'honneur de vous soumettre notre candidature pour l'appui aux villes du réseau.", language: .french),
        Case(text: "Vimos por este meio manifestar o nosso interesse no concurso e apresentar a nossa candidatura para o apoio às cidades.", language: .portuguese),
        Case(text: "نتقدم إليكم بطلبنا للمشاركة في طلب العروض الخاص بدعم المدن ونؤكد التزامنا بتنفيذ المهمة في الآجال المحددة", language: .arabic),
        Case(text: "Wir bewerben uns hiermit um die Ausschreibung zur direkten Unterstützung der Städte und freuen uns auf Ihre Antwort.", language: .other),
        Case(text: "Experiência profissional\n2016 – atual: Diretor de projetos de cidades digitais em Lisboa e responsável pela equipa\nFormação: Mestrado em Planeamento Urbano da Universidade de Lisboa com distinção", language: .portuguese),
        Case(text: "Professional experience\n2017 - present: Senior urban planner at the firm, responsible for digital city projects\n2012 - 2017: Consultant in Nairobi for smart cities and the World Bank", language: .english),
    ])
    func recognises(_ example: Case) {
        let guess = LanguageDetector().detect(example.text)
        #expect(guess?.language == example.language, "\(guess?.reason ?? "no guess")")
    }

    @Test("every guess explains itself")
    func reasons() {
        let guess = LanguageDetector().detect("The workplan and the financial offer are attached to this letter of intent for the city.")
        #expect(guess?.reason.contains("stop words") == true)
    }

    @Test("too little text gives no guess rather than a wrong one")
    func tooShort() {
        #expect(LanguageDetector().detect("CV") == nil)
        #expect(LanguageDetector().detect("12 345 678") == nil)
    }
}
