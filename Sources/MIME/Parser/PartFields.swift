/// The MIME header fields of one entity, read once: Content-Type, Content-Disposition,
/// Content-Transfer-Encoding and the multipart boundary.
struct PartFields {
    var contentType: MediaType
    var contentTypeWasDefaulted: Bool
    var disposition: ContentDisposition?
    var transferEncoding: TransferEncoding
    /// The boundary of a multipart, as bytes; nil when missing or empty.
    var boundary: [UInt8]?

    init(headers: HeaderList, charsets: CharsetDecoder, defaultType: MediaType, defects: inout DefectSet) {
        if let field = headers.first("Content-Type"), !field.value.isEmpty {
            if let parsed = MediaType.parse(field.value, using: charsets, defects: &defects) {
                contentType = parsed
                contentTypeWasDefaulted = false
            } else {
                defects.insert(.invalidContentType)
                contentType = defaultType
                contentTypeWasDefaulted = true
            }
        } else {
            contentType = defaultType
            contentTypeWasDefaulted = true
        }
        if let field = headers.first("Content-Disposition"), !field.value.isEmpty {
            disposition = ContentDisposition.parse(field.value, using: charsets, defects: &defects)
        } else {
            disposition = nil
        }
        if let field = headers.first("Content-Transfer-Encoding"), let encoding = TransferEncoding(headerValue: field.value) {
            if case .unknown = encoding { defects.insert(.unknownTransferEncoding) }
            transferEncoding = encoding
        } else {
            transferEncoding = .sevenBit
        }
        if contentType.isMultipart, let value = contentType.parameters["boundary"], !value.isEmpty {
            // RFC 2046 5.1.1: at most 70 characters, but longer ones are seen and harmless.
            boundary = Array(value.utf8)
        } else {
            boundary = nil
        }
    }
}
