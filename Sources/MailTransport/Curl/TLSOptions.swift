import CCurl

/// TLS policy shared by IMAP and SMTP: always verify the peer and its name; STARTTLS
/// is mandatory on the plain-text schemes unless the caller allowed plaintext.
enum TLSOptions {
    static func apply(to easy: CurlEasy, implicitTLS: Bool, allowPlaintext: Bool, caFile: String?) throws(MailTransportError) {
        try easy.set(CURLOPT_SSL_VERIFYPEER, 1)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        // An empty string would make libcurl fail with 77; nil keeps the system CAs (notes section 8).
        if let caFile, !caFile.isEmpty { try easy.set(CURLOPT_CAINFO, caFile) }
        if !implicitTLS {
            let level = allowPlaintext ? CURLUSESSL_NONE : CURLUSESSL_ALL
            try easy.set(CURLOPT_USE_SSL, Int(level.rawValue))
        }
    }
}
