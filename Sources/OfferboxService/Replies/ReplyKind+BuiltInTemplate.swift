import OfferCore

extension ReplyKind {
    /// The template compiled into the binary from `Replies/Templates/KIND.mustache` (SwiftPM
    /// `.embedInCode`), used unless `[replies] templates` holds a file of that name.
    var builtInTemplate: String {
        switch self {
        case .acknowledgment: String(decoding: PackageResources.acknowledgment_mustache, as: UTF8.self)
        case .incomplete: String(decoding: PackageResources.incomplete_mustache, as: UTF8.self)
        case .late: String(decoding: PackageResources.late_mustache, as: UTF8.self)
        case .correction: String(decoding: PackageResources.correction_mustache, as: UTF8.self)
        }
    }
}
