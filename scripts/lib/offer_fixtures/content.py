"""Texts of the four documents of the call, in English, French and Portuguese, for gen-offer-fixtures,
and the address both generators send offers to.

Each builder returns a list of lines (the first is usually the title). Written by hand to read like
real submissions: addresses, greetings, tables of figures, employment histories.
"""

SECRETARIAT_ADDRESS = "secretariat@aston-network.example"

APPLICANTS = {
    "en": ("Sarah Mitchell", "Urban Insight Consulting Ltd", "sarah.mitchell@urbaninsight.example"),
    "fr": ("Awa Diallo", "Cabinet Villes & Données SARL", "awa.diallo@villes-donnees.example"),
    "pt": ("João Gonçalves", "Cidades Sustentáveis Lda", "joao.goncalves@cidades.example"),
}


def letter(lang, variant=0):
    name, org, _ = APPLICANTS[lang]
    if lang == "en":
        lines = [
            "LETTER OF INTENT" if variant % 2 == 0 else "Letter of Interest",
            org, "12 Market Street, Manchester M1 1AA", "20 June 2022",
            "To: ASToN Secretariat",
            "Subject: Call for offers ASToN-2022 - Direct support for cities",
            "Dear Sir or Madam,",
            "We hereby express our interest in the call for offers for direct support to the cities of the ASToN network.",
            "Our firm has ten years of experience in digital transformation of local governments in Africa and Europe,",
            "and we are pleased to submit our application together with our team of two senior experts.",
            "We confirm that we are available for the full duration of the assignment and we commit to deliver",
            "the expected results within the agreed timeline.",
            "Please find our workplan, our financial offer and the CVs of the team in the documents of this submission.",
            "Yours sincerely,",
            name, "Managing Director, " + org,
        ]
    elif lang == "fr":
        lines = [
            "LETTRE D'INTENTION" if variant % 2 == 0 else "Lettre de motivation",
            org, "Rue 10, Point E, Dakar, Sénégal", "Dakar, le 21 juin 2022",
            "À l'attention du Secrétariat ASToN",
            "Objet : Appel d'offres ASToN-2022 – Appui direct aux villes",
            "Madame, Monsieur,",
            "Par la présente, nous avons l'honneur de vous soumettre notre candidature à l'appel d'offres",
            "pour l'appui direct aux villes du réseau ASToN. Nous souhaitons manifester notre intérêt pour cette mission",
            "qui correspond pleinement à notre expérience de la transformation numérique des collectivités locales.",
            "Notre équipe de deux experts est disponible pour toute la durée de la mission et nous nous engageons",
            "à respecter le calendrier et la qualité des livrables attendus.",
            "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
            name, "Directrice, " + org,
        ]
    else:
        lines = [
            "CARTA DE INTENÇÃO" if variant % 2 == 0 else "Carta de motivação",
            org, "Rua Augusta 120, 1100-053 Lisboa", "Lisboa, 22 de junho de 2022",
            "Ao Secretariado ASToN",
            "Assunto: Concurso ASToN-2022 – Apoio direto às cidades",
            "Exmos. Senhores,",
            "Vimos por este meio manifestar o nosso interesse no concurso para o apoio direto às cidades da rede ASToN",
            "e apresentar a nossa candidatura. A nossa empresa tem uma experiência de dez anos na transformação digital",
            "de municípios em Portugal, Cabo Verde e Moçambique.",
            "A nossa equipa está disponível durante toda a duração da missão e comprometemo-nos a cumprir o calendário",
            "e a qualidade dos produtos esperados.",
            "Com os melhores cumprimentos,",
            name, "Diretor, " + org,
        ]
    return lines


def workplan(lang, variant=0):
    if lang == "en":
        title = ["WORKPLAN", "Technical proposal and methodology", "Proposed Work Plan"][variant % 3]
        return [
            title,
            "1. Understanding of the assignment",
            "The cities of the network need support to design and pilot a digital solution for urban services.",
            "2. Methodology",
            "Our approach combines a diagnostic of the city, participatory workshops with stakeholders and a pilot.",
            "3. Activities and timeline",
            "Phase 1 (Month 1): kick-off meeting, inception report and mapping of stakeholders.",
            "Phase 2 (Month 2-3): diagnostic, two workshops with the city team, roadmap.",
            "Phase 3 (Month 4-5): implementation of the pilot and training of the city staff.",
            "Phase 4 (Month 6): final report and lessons learned.",
            "4. Deliverables",
            "D1 Inception report; D2 Diagnostic report; D3 Roadmap; D4 Final report.",
            "5. Risks and mitigation",
            "Delays in data access are mitigated by an early agreement with the city.",
        ]
    if lang == "fr":
        title = ["PLAN DE TRAVAIL", "Proposition technique et méthodologie", "Note méthodologique"][variant % 3]
        return [
            title,
            "1. Compréhension de la mission",
            "Les villes du réseau ont besoin d'un appui pour concevoir et piloter une solution numérique.",
            "2. Méthodologie",
            "Notre approche combine un diagnostic de la ville, des ateliers participatifs avec les parties prenantes et un pilote.",
            "3. Activités et calendrier",
            "Phase 1 (Mois 1) : réunion de démarrage, rapport de démarrage et cartographie des acteurs.",
            "Phase 2 (Mois 2-3) : diagnostic, deux ateliers avec l'équipe de la ville, feuille de route.",
            "Phase 3 (Mois 4-5) : mise en oeuvre du pilote et formation des agents.",
            "Phase 4 (Mois 6) : rapport final et capitalisation.",
            "4. Livrables",
            "L1 Rapport de démarrage ; L2 Rapport de diagnostic ; L3 Feuille de route ; L4 Rapport final.",
            "5. Risques",
            "Les retards d'accès aux données sont atténués par un accord précoce avec la ville.",
        ]
    title = ["PLANO DE TRABALHO", "Proposta técnica e metodologia", "Metodologia"][variant % 3]
    return [
        title,
        "1. Compreensão da missão",
        "As cidades da rede precisam de apoio para conceber e testar uma solução digital para os serviços urbanos.",
        "2. Metodologia",
        "A nossa abordagem combina um diagnóstico da cidade, oficinas participativas com as partes interessadas e um piloto.",
        "3. Atividades e cronograma",
        "Fase 1 (Mês 1): reunião de arranque, relatório inicial e mapeamento das partes interessadas.",
        "Fase 2 (Mês 2-3): diagnóstico, duas oficinas com a equipa da cidade, roteiro.",
        "Fase 3 (Mês 4-5): implementação do piloto e formação dos técnicos municipais.",
        "Fase 4 (Mês 6): relatório final e lições aprendidas.",
        "4. Produtos",
        "P1 Relatório inicial; P2 Relatório de diagnóstico; P3 Roteiro; P4 Relatório final.",
    ]


# Financial offers: (lines, expected figures). Figures: daily_rate, days, total, currency, over_cap.
def financial(lang, variant=0):
    if lang == "en":
        if variant == 0:
            return ([
                "FINANCIAL OFFER",
                "Call for offers ASToN-2022 - Direct support for cities",
                "Consultant: Urban Insight Consulting Ltd",
                "Daily rate: EUR 450 per day",
                "Number of days: 40 days",
                "Total (excluding VAT): EUR 18,000.00",
                "VAT 20%: EUR 3,600.00",
                "Total including VAT: EUR 21,600.00",
                "Payment: 30% at signature, 70% on approval of the final report, within 30 days of invoice.",
            ], {"daily_rate": 450, "days": 40, "total": 18000, "currency": "EUR", "over_cap": False})
        if variant == 1:
            return ([
                "Financial Proposal",
                "All amounts in EUR, excluding VAT.",
                "Senior expert - daily rate: 650 EUR/day x 45 days = 29,250 EUR",
                "Total: 29,250.00 EUR",
                "This offer is valid for 90 days.",
            ], {"daily_rate": 650, "days": 45, "total": 29250, "currency": "EUR", "over_cap": True})
        return ([
            "Budget",
            "Fees: $500 per day for 40 working days",
            "Grand total: USD 20,000",
        ], {"daily_rate": 500, "days": 40, "total": 20000, "currency": "USD", "over_cap": None})
    if lang == "fr":
        if variant == 0:
            return ([
                "OFFRE FINANCIÈRE",
                "Appel d'offres ASToN-2022 – Appui direct aux villes",
                "Taux journalier : 450 €/jour",
                "Nombre de jours : 40 jours",
                "Total HT : 18.000 €",
                "TVA (18 %) : 3.240 €",
                "Total TTC : 21.240 €",
                "Conditions de paiement : 30 % à la signature, solde à la remise du rapport final.",
            ], {"daily_rate": 450, "days": 40, "total": 18000, "currency": "EUR", "over_cap": False})
        if variant == 1:
            return ([
                "Proposition financière",
                "Honoraires journaliers : 300 000 FCFA",
                "Nombre de jours : 50",
                "Montant total HT : 15 000 000 FCFA",
                "Montant total TTC : 17 700 000 FCFA",
            ], {"daily_rate": 300000, "days": 50, "total": 15000000, "currency": "XOF", "over_cap": False})
        return ([
            "Devis",
            "Tarif journalier : 4 500 DH",
            "Durée : 30 jours",
            "Total : 135 000 DH HT",
        ], {"daily_rate": 4500, "days": 30, "total": 135000, "currency": "MAD", "over_cap": None})
    if variant == 0:
        return ([
            "PROPOSTA FINANCEIRA",
            "Concurso ASToN-2022 – Apoio direto às cidades",
            "Taxa diária: 500 € por dia",
            "Número de dias: 45 dias",
            "Valor total (sem IVA): 22.500,00 €",
            "IVA 23%: 5.175,00 €",
            "Total com IVA: 27.675,00 €",
        ], {"daily_rate": 500, "days": 45, "total": 22500, "currency": "EUR", "over_cap": False})
    return ([
        "Orçamento",
        "Valor diário: 600 EUR",
        "Número de dias: 50",
        "Total: 30.000 EUR",
    ], {"daily_rate": 600, "days": 50, "total": 30000, "currency": "EUR", "over_cap": True})


def cv(lang, variant=0):
    name, org, email = APPLICANTS[lang]
    if lang == "en":
        return [
            "CURRICULUM VITAE" if variant % 2 == 0 else "Résumé",
            name, "Email: " + email, "Nationality: British",
            "Professional experience",
            "2017 - present: Senior urban planner, " + org + ", responsible for digital city projects.",
            "2012 - 2017: Consultant, Smart Cities Advisory, Nairobi.",
            "2009 - 2012: Research assistant, University of Leeds.",
            "Education",
            "2008: MSc in Urban Planning, University of Manchester.",
            "Languages",
            "English (mother tongue), French (fluent), Portuguese (intermediate).",
            "Skills",
            "GIS, participatory planning, project management.",
        ]
    if lang == "fr":
        return [
            "CURRICULUM VITAE" if variant % 2 == 0 else "CV",
            name, "Née le 12 mars 1985 à Thiès", "Nationalité : sénégalaise", "Courriel : " + email,
            "Expérience professionnelle",
            "2018 – à ce jour : Directrice, " + org + ", responsable des projets de villes numériques.",
            "2013 – 2018 : Consultante, Bureau d'études Ville & Territoires, Dakar.",
            "2010 – 2013 : Chargée d'études, Agence de développement municipal.",
            "Formation",
            "2009 : Master en urbanisme, Université Cheikh Anta Diop.",
            "Langues",
            "Français (langue maternelle), anglais (courant), wolof.",
            "Compétences",
            "SIG, planification participative, gestion de projet.",
        ]
    return [
        "CURRICULUM VITAE" if variant % 2 == 0 else "Currículo",
        name, "Data de nascimento: 3 de maio de 1980", "Nacionalidade: portuguesa", "Email: " + email,
        "Experiência profissional",
        "2016 – atual: Diretor, " + org + ", responsável por projetos de cidades digitais.",
        "2011 – 2016: Consultor, Instituto de Planeamento Urbano, Maputo.",
        "2006 – 2011: Técnico superior, Câmara Municipal de Lisboa.",
        "Formação académica",
        "2005: Mestrado em Planeamento Urbano, Universidade de Lisboa.",
        "Línguas",
        "Português (língua materna), inglês (fluente), francês (intermédio).",
    ]


def other_certificate(lang):
    if lang == "fr":
        return [
            "ATTESTATION DE RÉGULARITÉ FISCALE",
            "La Direction générale des impôts atteste que la société Cabinet Villes & Données SARL",
            "est en règle vis-à-vis de ses obligations déclaratives à la date du 15 juin 2022.",
            "Fait à Dakar pour servir et valoir ce que de droit.",
        ]
    return [
        "CERTIFICATE OF INCORPORATION",
        "The Registrar of Companies for England and Wales hereby certifies that",
        "Urban Insight Consulting Ltd is incorporated under the Companies Act 2006 as a private company.",
        "Given at Companies House, Cardiff, on 3 March 2014.",
    ]


COVER_NOTES = {
    "en": "Dear Secretariat,\n\nPlease find attached our letter of intent, workplan, financial offer and CV for the call ASToN-2022.\n\nBest regards,\n{name}\n",
    "fr": "Bonjour,\n\nVeuillez trouver ci-joint notre dossier de candidature : lettre d'intention, plan de travail, offre financière et CV.\n\nCordialement,\n{name}\n",
    "pt": "Bom dia,\n\nSeguem em anexo a carta de intenção, o plano de trabalho, a proposta financeira e o CV.\n\nCom os melhores cumprimentos,\n{name}\n",
}

BODY_LETTERS = {
    "en": """Dear Sir or Madam,

We hereby express our interest in the call for offers ASToN-2022 for direct support to the cities of the network.
Urban Insight Consulting Ltd has ten years of experience in the digital transformation of local governments,
and we are pleased to submit our application with a team of two senior experts who are available for the whole
duration of the assignment. We confirm our commitment to deliver the expected results on time and we are
committed to working closely with the city teams.

Our workplan, financial offer and CV are attached to this email.

Yours sincerely,
Sarah Mitchell
Managing Director
""",
    "fr": """Madame, Monsieur,

Par la présente, nous avons l'honneur de vous soumettre notre candidature à l'appel d'offres ASToN-2022 relatif
à l'appui direct aux villes. Nous souhaitons manifester notre intérêt pour cette mission, qui correspond à notre
expérience de dix ans auprès des collectivités locales d'Afrique de l'Ouest. Notre équipe est disponible pour
toute la durée de la mission et nous nous engageons à respecter le calendrier proposé.

Vous trouverez ci-joint notre plan de travail, notre offre financière et le CV de l'experte.

Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

Awa Diallo
Directrice, Cabinet Villes & Données
""",
    "pt": """Exmos. Senhores,

Vimos por este meio manifestar o nosso interesse no concurso ASToN-2022 e apresentar a nossa candidatura ao
apoio direto às cidades da rede. A Cidades Sustentáveis tem uma experiência de dez anos na transformação digital
de municípios e a nossa equipa está disponível durante toda a missão. Comprometemo-nos a cumprir o calendário
e a qualidade dos produtos esperados, em estreita colaboração com as equipas municipais.

Seguem em anexo o plano de trabalho, a proposta financeira e o CV.

Com os melhores cumprimentos,
João Gonçalves
""",
}
