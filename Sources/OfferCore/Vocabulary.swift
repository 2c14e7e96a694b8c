/// The words of the call in English, French and Portuguese, folded (lowercase, no accents, no
/// punctuation) as ``TextFolding`` folds text. Typos and run-together words are handled by the
/// matchers, not listed here. Each list says in its name where it counts.
enum Vocabulary {
    /// Phrases in a file name that name a kind outright.
    static let filenameStrong: [DocumentKind: [String]] = [
        .letterOfIntent: [
            "loi", "letter of intent", "letter of interest", "intent letter", "cover letter", "covering letter",
            "motivation letter", "letter of motivation", "expression of interest", "eoi", "application letter",
            "lettre d intention", "lettre intention", "lettre de motivation", "lettre motivation",
            "lettre de candidature", "lettre de soumission", "lettre d engagement", "manifestation d interet",
            "carta de intencao", "carta de intencoes", "carta de motivacao", "carta motivacao", "carta de apresentacao",
            "carta de candidatura", "manifestacao de interesse", "declaration d intention", "declaracao de intencao",
            "submission letter", "letter of submission",
        ],
        .workplan: [
            "workplan", "work plan", "plan de travail", "plano de trabalho", "methodology", "methodologie",
            "metodologia", "technical proposal", "technical offer", "proposition technique", "offre technique",
            "proposta tecnica", "oferta tecnica", "note methodologique", "work programme", "work program",
            "programme de travail", "programa de trabalho", "approach and methodology", "chronogramme", "cronograma",
            "plan d action", "plano de acao", "technical", "technique", "tecnica", "methodo", "metodo", "wp",
            "implementation plan", "work schedule",
        ],
        .financialOffer: [
            "financial offer", "financial proposal", "financial bid", "offre financiere", "proposition financiere",
            "proposta financeira", "oferta financeira", "devis", "budget", "orcamento", "quotation", "quote",
            "price offer", "price proposal", "pricing", "cost proposal", "fee proposal", "honoraires", "cotation",
            "financial", "financiere", "financier", "financeira", "financeiro", "finance", "financas", "fin",
            "prix", "precos", "costs", "couts", "custos", "fees", "fee", "fee schedule", "price schedule",
            "dpgf", "dqe", "bpu",
        ],
        .cv: [
            "cv", "c v", "curriculum", "curriculum vitae", "vitae", "resume", "curriculo", "curriculum vitea",
            "cvs", "biodata", "bio data", "cv europass", "europass",
        ],
    ]

    /// Words in a file name that hint at a kind but also occur elsewhere.
    static let filenameWeak: [DocumentKind: [String]] = [
        .letterOfIntent: ["letter", "lettre", "carta", "motivation", "motivacao", "intention", "intent", "candidature",
                          "candidatura", "application", "soumission", "engagement"],
        .workplan: ["plan", "plano", "proposal", "proposition", "proposta", "approach", "approche", "timeline",
                    "calendrier", "activities", "activites", "atividades", "tech", "tecnico"],
        .financialOffer: ["price", "cost", "cout", "custo", "valor", "tarif", "tarifs", "rate", "rates", "montant"],
        .cv: ["profile", "profil", "perfil", "bio", "biography"],
    ]

    /// A heading that starts a document of that kind (a title).
    static let primaryHeadings: [DocumentKind: [String]] = [
        .letterOfIntent: [
            "letter of intent", "letter of interest", "cover letter", "motivation letter", "letter of motivation",
            "expression of interest", "application letter", "lettre d intention", "lettre de motivation",
            "lettre de candidature", "lettre de soumission", "manifestation d interet", "carta de intencao",
            "carta de motivacao", "carta de apresentacao", "carta de candidatura", "manifestacao de interesse",
            "declaration of intent", "declaration d intention", "submission letter", "letter of submission",
            "tender submission letter", "bid submission letter",
        ],
        .workplan: [
            "workplan", "work plan", "proposed workplan", "proposed work plan", "plan de travail", "plano de trabalho",
            "methodology", "proposed methodology", "approach and methodology", "methodology and workplan",
            "methodologie", "methodologie et plan de travail", "note methodologique", "metodologia",
            "metodologia e plano de trabalho", "technical proposal", "technical offer", "proposition technique",
            "offre technique", "proposta tecnica", "oferta tecnica", "work programme", "work program",
            "programme de travail", "programa de trabalho", "approche methodologique", "abordagem metodologica",
            "implementation plan", "plan de mise en oeuvre", "plano de implementacao", "technical approach",
            "approche technique", "abordagem tecnica", "work schedule", "memoire technique",
        ],
        .financialOffer: [
            "financial offer", "financial proposal", "financial bid", "price proposal", "offre financiere",
            "proposition financiere", "soumission financiere", "proposta financeira", "oferta financeira",
            "proposta de precos", "budget", "detailed budget", "proposed budget", "budget detaille", "budget propose",
            "orcamento", "orcamento detalhado", "devis", "quotation", "cost proposal", "fee proposal",
            "bordereau des prix", "cadre de devis", "decomposition du prix", "breakdown of costs", "cost breakdown",
            "fee schedule", "schedule of fees", "price schedule", "offre de prix", "proposition de prix",
            "proposta de preco", "proposta de honorarios", "detail quantitatif et estimatif",
        ],
        .cv: [
            "curriculum vitae", "curriculum", "cv", "c v", "resume", "curriculo", "curriculum vitae cv", "europass",
        ],
    ]

    /// Headings inside a document of that kind (sections), weaker than a title.
    static let secondaryHeadings: [DocumentKind: [String]] = [
        .letterOfIntent: ["object", "objet", "assunto", "subject", "re", "ref", "reference"],
        .workplan: [
            "activities", "activites", "atividades", "deliverables", "livrables", "entregaveis", "produtos",
            "timeline", "calendrier", "calendar", "schedule", "cronograma", "chronogramme", "objectives",
            "objectifs", "objetivos", "approach", "approche", "abordagem", "milestones", "jalons", "marcos",
            "context", "contexte", "contexto", "expected results", "resultats attendus", "resultados esperados",
            "risks", "risques", "riscos", "team", "equipe", "equipa", "work packages", "implementation",
            "mise en oeuvre", "implementacao", "understanding of the assignment", "comprehension de la mission",
        ],
        .financialOffer: [
            "fees", "honoraires", "costs", "couts", "custos", "expenses", "frais", "despesas", "total",
            "summary of costs", "recapitulatif", "resumo", "payment schedule", "echeancier", "conditions de paiement",
            "payment terms", "modalites de paiement", "reimbursable expenses", "frais remboursables",
        ],
        .cv: [
            "education", "formation", "formacao", "formacao academica", "academic background", "professional experience",
            "work experience", "experience", "employment record", "employment history", "experience professionnelle",
            "parcours professionnel", "experiencia profissional", "experiencia", "skills", "competences",
            "competencias", "languages", "langues", "idiomas", "linguas", "key qualifications", "qualifications",
            "publications", "certifications", "personal information", "personal details", "informations personnelles",
            "etat civil", "dados pessoais", "references", "referencias", "profile", "profil", "perfil",
            "training", "diplomas", "diplomes", "key skills", "competences cles",
        ],
    ]

    /// Words and phrases of the body of a document of that kind.
    static let features: [DocumentKind: [String]] = [
        .letterOfIntent: [
            "express our interest", "express my interest", "expression of interest", "hereby", "pleased to submit",
            "we are pleased", "submit our application", "submit our offer", "submit our proposal", "our candidacy",
            "our application", "letter of intent", "we confirm", "we commit", "i commit", "committed to",
            "par la presente", "manifester notre interet", "manifester mon interet", "soumettre notre candidature",
            "soumettre notre offre", "avons l honneur", "ai l honneur", "nous avons le plaisir", "lettre d intention",
            "notre candidature", "ma candidature", "nous nous engageons", "je m engage", "venho por este meio",
            "vimos por este meio", "manifestar o nosso interesse", "manifestar o meu interesse", "nossa candidatura",
            "nossa proposta", "apresentar a nossa", "carta de intencao", "temos o prazer", "comprometemo nos",
            "motivated", "motive", "motivados", "interest in", "interet pour", "interesse em",
            "i am writing to", "we are writing to", "my application", "my candidacy", "apply for", "i would like to apply",
            "i am pleased to submit", "we are available", "i am available", "available for the", "no conflict of interest",
            "je souhaite", "nous souhaitons", "j ai le plaisir", "ma candidature", "je suis disponible",
            "nous sommes disponibles", "disponible pour", "suite a votre appel", "en reponse a votre appel",
            "minha candidatura", "apresentar a minha", "manifesto o meu interesse", "manifestamos o nosso interesse",
            "comprometo me", "estou disponivel", "estamos disponiveis", "disponivel durante", "em resposta ao",
        ],
        .workplan: [
            "methodology", "methodologie", "metodologia", "deliverable", "deliverables", "livrable", "livrables",
            "entregavel", "entregaveis", "milestone", "milestones", "jalon", "jalons", "kick off", "inception report",
            "rapport de demarrage", "relatorio inicial", "workshop", "workshops", "atelier", "ateliers", "oficina",
            "oficinas", "stakeholders", "parties prenantes", "partes interessadas", "implementation", "mise en oeuvre",
            "implementacao", "timeline", "gantt", "schedule", "calendrier", "cronograma", "chronogramme", "activity",
            "activities", "activite", "activites", "atividade", "atividades", "task", "tasks", "tache", "taches",
            "tarefa", "tarefas", "phase", "phases", "fase", "fases", "final report", "rapport final", "relatorio final",
            "work plan", "workplan", "plan de travail", "plano de trabalho", "week", "weeks", "semaine", "semaines",
            "semana", "semanas", "month", "mois", "mes", "meses", "objective", "objectif", "objetivo", "output",
            "outputs", "outcome", "resultats", "resultados", "approach", "approche", "abordagem", "mapping",
            "diagnostic", "diagnostico", "roadmap", "feuille de route", "pilot", "pilote", "piloto",
        ],
        .financialOffer: [
            "daily rate", "day rate", "daily fee", "fee per day", "rate per day", "per day", "par jour", "por dia",
            "taux journalier", "tarif journalier", "prix journalier", "honoraires journaliers", "taxa diaria",
            "valor diario", "preco por dia", "custo diario", "unit price", "unit cost", "prix unitaire",
            "cout unitaire", "custo unitario", "preco unitario", "total", "subtotal", "sous total", "vat", "tva",
            "iva", "excluding vat", "excl vat", "hors taxes", "ht", "ttc", "sem iva", "number of days",
            "nombre de jours", "numero de dias", "person days", "man days", "homme jour", "hommes jours",
            "jours homme", "h j", "amount", "montant", "valor", "price", "prix", "preco", "fees", "honoraires",
            "lump sum", "forfait", "montante", "cost", "costs", "cout", "couts", "custo", "custos", "budget",
            "orcamento", "expenses", "frais", "despesas", "travel", "deplacement", "deslocacao", "per diem",
        ],
        .cv: [
            "date of birth", "born", "date de naissance", "ne le", "nee le", "data de nascimento", "nationality",
            "nationalite", "nacionalidade", "marital status", "etat civil", "estado civil", "years of experience",
            "ans d experience", "annees d experience", "anos de experiencia", "bachelor", "master", "masters", "msc",
            "mba", "phd", "licence", "maitrise", "doctorat", "licenciatura", "mestrado", "doutoramento", "doutorado",
            "university", "universite", "universidade", "degree", "diplome", "diploma", "fluent", "courant",
            "fluente", "mother tongue", "langue maternelle", "lingua materna", "native", "linkedin", "position",
            "poste", "cargo", "employer", "employeur", "empregador", "consultant", "consultante", "expert",
            "responsible for", "responsable de", "responsavel por", "references", "proficient", "intermediate",
        ],
    ]

    /// Greetings that open a letter (counted near the start of a text).
    static let salutations: [String] = [
        "dear", "to whom it may concern", "madam", "sir", "madame", "monsieur", "mesdames", "messieurs",
        "exmo", "exma", "exmos", "exmas", "exmo senhor", "exmos senhores", "prezado", "prezada", "prezados",
        "caro", "cara", "caros", "ilmo", "a quem possa interessar", "bonjour", "ola", "hello", "good morning",
    ]

    /// Closing formulas of a letter.
    static let closings: [String] = [
        "yours sincerely", "yours faithfully", "sincerely", "best regards", "kind regards", "warm regards",
        "respectfully", "veuillez agreer", "je vous prie d agreer", "nous vous prions d agreer",
        "salutations distinguees", "sentiments distingues", "cordialement", "bien cordialement", "atenciosamente",
        "com os melhores cumprimentos", "melhores cumprimentos", "cumprimentos", "respeitosamente",
        "com os meus cumprimentos", "regards",
    ]

    /// Phrases that announce attached files: a body that says them is a cover note, not the letter itself.
    static let attachmentMentions: [String] = [
        "please find attached", "find attached", "attached please find", "attached you will find", "attached is",
        "attached are", "enclosed", "in attachment", "as attachment", "ci joint", "ci joints", "ci jointe",
        "ci jointes", "en piece jointe", "en pieces jointes", "vous trouverez", "em anexo", "segue em anexo",
        "seguem em anexo", "anexo", "anexos", "envio em anexo", "junto envio", "attached",
    ]

    /// Words that say a year range is still open: `2019 – present`.
    static let openEnds: Set<String> = [
        "present", "presente", "today", "now", "current", "date", "aujourd", "ce jour", "atual", "actuel",
        "actuellement", "hoje", "ongoing", "en cours", "em curso", "ce", "jour",
    ]

    /// Words between the two ends of a year range.
    static let rangeLinks: Set<String> = [
        "to", "a", "au", "ate", "until", "till", "jusqu", "et", "and", "e", "jan", "feb", "mar", "apr", "may",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "janv", "fev", "fevr", "avr", "mai", "juin",
        "juil", "aout", "dez", "out", "set", "ago", "abr", "fevereiro", "janvier", "janeiro", "june", "july",
        "present", "since", "depuis", "desde",
    ]

    /// Words that number the steps of a workplan: `Phase 1`, `Mois 2`, `Tarefa 3`.
    static let stepWords: Set<String> = [
        "phase", "fase", "month", "mois", "mes", "week", "semaine", "semana", "task", "tache", "tarefa",
        "activity", "activite", "atividade", "step", "etape", "etapa", "deliverable", "livrable", "entregavel",
        "produto", "output", "milestone", "jalon", "marco", "wp", "lot",
    ]

    /// Prefixes of step codes written as one token: `M1`, `T2`, `WP3`, `D1` (not `A2`, `B1`: language levels in CVs).
    static let stepCodePrefixes: [String] = ["wp", "m", "t", "d"]
}
