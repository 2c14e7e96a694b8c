/// The subject prefixes with which mail clients and servers mark automatic replies when they do
/// not write `Auto-Submitted` (Outlook, Exchange, Gmail, Zimbra, Thunderbird's vacation filters),
/// in the languages of the call's applicants: English, French, Portuguese, Spanish and German.
/// Compared case-insensitively, without accents, after leading white space.
public enum AutoReplySubjects {
    static let prefixes: [String] = [
        // English
        "automatic reply", "auto reply", "autoreply", "auto-reply", "auto response", "autoresponse", "auto-response",
        "out of office", "out of the office", "ooo:", "away from the office", "on vacation", "vacation reply", "auto:",
        // French
        "reponse automatique", "reponse auto", "absence du bureau", "absent du bureau", "absent(e) du bureau", "message d'absence",
        "notification d'absence", "en conges", "hors du bureau", "accuse de reception automatique",
        // Portuguese
        "resposta automatica", "resposta automática", "ausencia do escritorio", "fora do escritorio", "ausente do escritorio",
        "ausencia temporaria", "mensagem de ausencia", "resposta de ausencia",
        // Spanish
        "respuesta automatica", "fuera de la oficina", "fuera de oficina", "ausente de la oficina", "respuesta de ausencia",
        "mensaje de ausencia",
        // German
        "automatische antwort", "abwesenheitsnotiz", "abwesend", "automatische abwesenheitsnotiz", "ich bin ausser haus",
        "ich bin nicht im buro", "ich bin nicht im buero", "out of office autoreply",
    ]

    /// The prefix `subject` begins with, if it is one of an automatic reply.
    public static func prefix(of subject: String) -> String? {
        let folded = fold(subject.prefix(120))
        return prefixes.first { folded.hasPrefix(fold(Substring($0))) }
    }

    /// Lowercased, accents removed (`Réponse` → `reponse`), leading white space dropped.
    static func fold(_ text: Substring) -> String {
        let trimmed = text.drop { $0.isWhitespace }
        var result = ""
        for scalar in trimmed.lowercased().unicodeScalars {
            switch scalar {
            case "à", "á", "â", "ã", "ä": result.append("a")
            case "é", "è", "ê", "ë": result.append("e")
            case "í", "ì", "î", "ï": result.append("i")
            case "ó", "ò", "ô", "õ", "ö": result.append("o")
            case "ú", "ù", "û", "ü": result.append("u")
            case "ç": result.append("c")
            case "ñ": result.append("n")
            case "ß": result.append("ss")
            case "\u{00A0}": result.append(" ")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
